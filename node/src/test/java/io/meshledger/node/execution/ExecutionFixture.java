package io.meshledger.node.execution;

import io.meshledger.contracts.Contract;
import io.meshledger.contracts.SystemContracts;
import io.meshledger.contracts.publication.PublicationLimits;
import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.storage.BlockEffects;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.node.storage.Tip;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real store and executor, with the system contracts and the test counter, over a network from {@code network init}. */
final class ExecutionFixture implements AutoCloseable {
    final TestNetwork net;
    final RocksLedgerStore store;
    final BlockExecutor executor;

    ExecutionFixture(TestNetwork net, Path dataDir, ExecutionLimits limits) {
        this.net = net;
        this.store = RocksLedgerStore.open(dataDir);
        this.limits = limits;
        this.executor = anotherExecutor();
    }

    private final ExecutionLimits limits;

    /** A new executor over the same store, as another process (or a restarted node) would have: no shared caches. */
    BlockExecutor anotherExecutor() {
        Map<String, Contract> contracts = new LinkedHashMap<>(SystemContracts.create(PublicationLimits.DEFAULT));
        contracts.put("counter", new CounterContract());
        return new BlockExecutor(net.genesis().chainId(), store, new Contracts(contracts, Contracts.UserContracts.NONE),
                new Callers(net.genesis().membershipValidator(100)), limits, new TreeCommitment(store));
    }

    SignedTransaction tx(TestNetwork.User user, String contract, String method, byte[] args) {
        TransactionBody body = new TransactionBody(net.genesis().chainId(), user.sender(), contract, method,
                Bytes.wrap(args), net.nonce(), store.tip().height() + 100);
        return SignedTransaction.sign(body, user.key());
    }

    /** Builds the next block with {@code txs}, executes and stores it; returns what execution did. */
    BlockEffects commit(List<SignedTransaction> txs) {
        Block block = next(txs);
        BlockEffects effects = executor.execute(block);
        store.append(block, effects, null, null);
        return effects;
    }

    Block next(List<SignedTransaction> txs) {
        Tip tip = store.tip();
        List<Hash> ids = txs.stream().map(SignedTransaction::id).toList();
        var frontier = store.frontier().append(ids.stream().map(id -> MerkleAccumulator.leafHash(id.unsafeArray())).toList());
        long height = tip.height() + 1;
        BlockHeader header = new BlockHeader(net.genesis().chainId(), 0, height, height, tip.hash(),
                MerkleAccumulator.rootOf(ids), frontier.root(), tip.txCount() + txs.size(),
                net.genesis().genesisTimeMs() + height * 1_000, Bytes.wrap(new byte[32]));
        return Block.create(header, txs);
    }

    @Override
    public void close() {
        store.close();
    }
}
