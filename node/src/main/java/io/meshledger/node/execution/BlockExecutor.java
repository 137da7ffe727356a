package io.meshledger.node.execution;

import io.meshledger.contracts.Caller;
import io.meshledger.contracts.Contract;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Event;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.node.execution.Outcomes.Outcome;
import io.meshledger.node.execution.sandbox.GasMeter;
import io.meshledger.node.storage.BlockEffects;
import io.meshledger.node.storage.StateStore;
import io.meshledger.node.storage.StateWrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executes committed blocks: the state transition {@code (state at h-1, block h)
 * -> (receipts, writes, state root at h)}. Transactions run in block order,
 * each over the writes of the ones before it; a failed transaction keeps its
 * slot and its receipt but its writes and events are discarded. Finally the
 * block's receipts root is written to the runtime's own namespace, so state
 * proofs also prove receipts, and the state tree gives the root every
 * validator signs.
 * <p>
 * Deterministic by construction: inputs are the block and committed state
 * only (time is the block's timestamp, identity is checked at that time), and
 * outcomes carry no JVM-specific text. Runs on the ledger's writer thread; not
 * thread-safe.
 */
public final class BlockExecutor {
    /** Failure code of a transaction whose expiry height is below its block. */
    static final String EXPIRED = "EXPIRED";
    /** Failure code of a transaction signed for another chain. */
    static final String WRONG_CHAIN = "WRONG_CHAIN";

    private final String chainId;
    private final StateStore store;
    private final Contracts contracts;
    private final Callers callers;
    private final ExecutionLimits limits;
    private final StateCommitment tree;

    BlockExecutor(String chainId, StateStore store, Contracts contracts, Callers callers, ExecutionLimits limits,
                  StateCommitment tree) {
        this.chainId = chainId;
        this.store = store;
        this.contracts = contracts;
        this.callers = callers;
        this.limits = limits;
        this.tree = tree;
    }

    /**
     * The executor a node runs: the given system contracts (which should include
     * governance) plus the user contracts governance activated, over the store's
     * state and state tree.
     */
    public static BlockExecutor create(String chainId, StateStore store, Map<String, Contract> systemContracts,
                                       MembershipValidator members, ExecutionLimits limits) {
        return new BlockExecutor(chainId, store, new Contracts(systemContracts, new DeployedUserContracts()),
                new Callers(members), limits, new TreeCommitment(store));
    }

    /** Executes {@code block} over the committed state of the block before it. Writes nothing. */
    public BlockEffects execute(Block block) {
        long height = block.height();
        Overlay blockState = new Overlay(new CommittedState(store, height - 1));
        List<SignedTransaction> txs = block.transactions();
        List<Receipt> receipts = new ArrayList<>(txs.size());
        List<StateWrite> writes = new ArrayList<>();
        BlockCallers blockCallers = new BlockCallers(callers, block.header().timestampMs());
        for (int i = 0; i < txs.size(); i++) {
            SignedTransaction tx = txs.get(i);
            Overlay txState = new Overlay(blockState);
            List<Event> events = new ArrayList<>();
            GasMeter meter = new GasMeter(limits.gasPerTransaction());
            Outcome outcome = run(tx, height, block.header().timestampMs(), blockCallers, txState, events, meter);
            if (outcome instanceof Outcome.Failure f) {
                receipts.add(Receipt.failure(tx.id(), height, i, f.code(), f.message(), meter.used()));
                continue;
            }
            int index = i;
            txState.writes().forEach((slot, value) -> writes.add(new StateWrite(slot.contract(), slot.key(),
                    value.orElse(null), index)));
            txState.mergeInto(blockState);
            receipts.add(Receipt.success(tx.id(), height, i, events, meter.used(),
                    Bytes.wrap(((Outcome.Success) outcome).result())));
        }
        Hash receiptsRoot = Receipt.receiptsRoot(receipts.stream().map(Receipt::hash).toList());
        byte[] receiptsKey = receiptsRootKey(height);
        blockState.put(Contracts.LEDGER_NAMESPACE, receiptsKey, receiptsRoot.toArray());
        writes.add(new StateWrite(Contracts.LEDGER_NAMESPACE, Bytes.wrap(receiptsKey), receiptsRoot.toBytes(),
                txs.size()));
        StateCommitment.Committed committed = tree.apply(height, blockState.writes());
        return new BlockEffects(receipts, writes, committed.nodes(), committed.root());
    }

    private Outcome run(SignedTransaction tx, long height, long timestampMs, BlockCallers callers, Overlay state,
                        List<Event> events, GasMeter meter) {
        TransactionBody body = tx.decoded();
        if (!body.chainId().equals(chainId)) {
            return new Outcome.Failure(WRONG_CHAIN, "signed for chain '" + body.chainId() + "'");
        }
        if (body.expiryHeight() < height) {
            return new Outcome.Failure(EXPIRED, "expired at height " + body.expiryHeight()
                    + ", committed at " + height);
        }
        Caller caller;
        try {
            caller = callers.of(body.sender());
        } catch (ContractException e) {
            return new Outcome.Failure(e.code(), e.getMessage());
        }
        Optional<Invocable> target = contracts.resolve(body.contract(), state);
        if (target.isEmpty()) {
            return new Outcome.Failure(FailureCodes.UNKNOWN_CONTRACT, "no contract named '" + body.contract()
                    + "' is deployed");
        }
        Invocation.Scope scope = new Invocation.Scope(contracts, caller, height, timestampMs, tx.id().toHex(), state,
                events, meter, limits);
        Invocation invocation = new Invocation(scope, body.contract(), false, 0);
        return Outcomes.run(target.get(), invocation, body.contract(), body.method(), body.args().toArray(), meter);
    }

    /**
     * Runs a read-only call as {@code caller} over the committed state at
     * {@code height}: the contract sees that height and its block's timestamp,
     * may read and call other contracts, and may not write or emit. Safe to call
     * from any thread while blocks execute (it reads only committed heights).
     */
    public CallOutcome call(Caller caller, String contract, String method, byte[] args, long height, long timestampMs) {
        Overlay state = new Overlay(new CommittedState(store, height));
        GasMeter meter = new GasMeter(limits.gasPerTransaction());
        Optional<Invocable> target = contracts.resolve(contract, state);
        if (target.isEmpty()) {
            return CallOutcome.failed(FailureCodes.UNKNOWN_CONTRACT, "no contract named '" + contract
                    + "' is deployed at height " + height, 0);
        }
        Invocation.Scope scope = new Invocation.Scope(contracts, caller, height, timestampMs, "", state,
                new ArrayList<>(), meter, limits);
        Outcome outcome = Outcomes.run(target.get(), new Invocation(scope, contract, true, 0), contract, method, args,
                meter);
        return switch (outcome) {
            case Outcome.Success s -> new CallOutcome(s.result(), "", "", meter.used());
            case Outcome.Failure f -> CallOutcome.failed(f.code(), f.message(), meter.used());
        };
    }

    /** Key of block {@code height}'s receipts root in the runtime's namespace: {@code receipts/} and the big-endian height. */
    public static byte[] receiptsRootKey(long height) {
        return Receipt.receiptsRootKey(height);
    }
}
