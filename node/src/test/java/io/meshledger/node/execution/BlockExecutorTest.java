package io.meshledger.node.execution;

import io.meshledger.contracts.Caller;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.state.InMemoryTreeStore;
import io.meshledger.core.state.SparseMerkleTree;
import io.meshledger.core.state.StateKeys;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.storage.BlockEffects;
import io.meshledger.node.storage.StoredValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockExecutorTest {
    private static final List<String> NAMESPACES = List.of("publication", "authorisation", "attestation", "counter",
            Contracts.LEDGER_NAMESPACE);

    @TempDir
    static Path netDir;
    static TestNetwork net;

    @TempDir
    Path dataDir;
    ExecutionFixture fx;
    TestNetwork.User publisher;
    TestNetwork.User admin;

    @BeforeAll
    static void network() {
        net = TestNetwork.create(netDir, 2, 4);
    }

    @BeforeEach
    void open() {
        fx = new ExecutionFixture(net, dataDir.resolve("a"), ExecutionLimits.DEFAULT);
        publisher = net.user("org1", "publisher");
        admin = net.user("org2", "admin");
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void successfulTransactionsWriteStateAndEmitEventsInBlockOrder() {
        BlockEffects effects = fx.commit(List.of(inc(), inc(), inc()));
        assertEquals(3, effects.receipts().size());
        for (int i = 0; i < 3; i++) {
            Receipt r = effects.receipts().get(i);
            assertTrue(r.succeeded(), r.failureCode());
            assertEquals(i, r.index());
            assertEquals(1, r.events().size());
            assertEquals(i + 1, ByteBuffer.wrap(r.events().get(0).data().toArray()).getLong());
            assertTrue(r.gasUsed() > 0);
        }
        assertEquals(3, counter(1));
        List<StoredValue> history = fx.store.stateHistory("counter", CounterContract.KEY, 0, 10);
        assertEquals(List.of(0, 1, 2), history.stream().map(StoredValue::txIndex).toList());
    }

    @Test
    void aFailedTransactionKeepsItsSlotButChangesNothing() {
        fx.commit(List.of(inc()));
        BlockEffects effects = fx.commit(List.of(call("inc_then_fail"), inc(), call("throw"), call("nope")));
        Receipt failed = effects.receipts().get(0);
        assertEquals("NOPE", failed.failureCode());
        assertEquals("failed after writing", failed.failureMessage());
        assertTrue(failed.events().isEmpty());
        assertTrue(effects.receipts().get(1).succeeded());
        Receipt bug = effects.receipts().get(2);
        assertEquals(FailureCodes.CONTRACT_ERROR, bug.failureCode());
        assertFalse(bug.failureMessage().contains("must not reach"), "exception messages are not deterministic");
        assertEquals(FailureCodes.UNKNOWN_METHOD, effects.receipts().get(3).failureCode());
        assertEquals(2, counter(2), "only the successful increment counts");
        assertEquals(effects.receipts(), fx.store.receipts(2));
    }

    @Test
    void runawayTransactionsRunOutOfGasDeterministically() {
        try (ExecutionFixture small = new ExecutionFixture(net, dataDir.resolve("small"), new ExecutionLimits(50_000, 8))) {
            SignedTransaction spin = small.tx(publisher, "counter", "spin", new byte[0]);
            Receipt r = small.commit(List.of(spin)).receipts().get(0);
            assertEquals(FailureCodes.OUT_OF_GAS, r.failureCode());
            assertEquals(50_000, r.gasUsed());
        }
    }

    @Test
    void unknownContractsExpiredAndForeignChainTransactionsFailWithTheirCodes() {
        SignedTransaction unknown = fx.tx(publisher, "no-such-contract", "x", new byte[0]);
        SignedTransaction ledger = fx.tx(publisher, Contracts.LEDGER_NAMESPACE, "x", new byte[0]);
        SignedTransaction foreign = SignedTransaction.sign(new TransactionBody("other-chain", publisher.sender(),
                "counter", "inc", Bytes.EMPTY, net.nonce(), 100), publisher.key());
        fx.commit(List.of());
        fx.commit(List.of());
        SignedTransaction expired = SignedTransaction.sign(new TransactionBody(net.genesis().chainId(),
                publisher.sender(), "counter", "inc", Bytes.EMPTY, net.nonce(), 2), publisher.key());
        List<Receipt> receipts = fx.commit(List.of(unknown, ledger, foreign, expired)).receipts();
        assertEquals(List.of(FailureCodes.UNKNOWN_CONTRACT, FailureCodes.UNKNOWN_CONTRACT, BlockExecutor.WRONG_CHAIN,
                BlockExecutor.EXPIRED), receipts.stream().map(Receipt::failureCode).toList());
    }

    @Test
    void contractsSeeTheCallerAsTheCertificateSaysAndReadOnlyCallsCannotWrite() {
        List<Receipt> receipts = fx.commit(List.of(
                fx.tx(admin, "counter", "whoami", new byte[0]),
                inc(),
                call("call_get"),
                call("call_inc"),
                call("recurse"))).receipts();
        assertTrue(receipts.get(0).succeeded());
        assertTrue(receipts.get(2).succeeded());
        assertEquals(FailureCodes.READ_ONLY, receipts.get(3).failureCode());
        assertEquals(FailureCodes.CALL_DEPTH_EXCEEDED, receipts.get(4).failureCode());

        CallOutcome who = fx.executor.call(new Caller("id", "org2", "admin", true), "counter", "whoami", new byte[0],
                1, 0);
        assertEquals("org2/admin admin", new String(who.result(), StandardCharsets.UTF_8));
        CallOutcome readOnlyWrite = fx.executor.call(new Caller("id", "org1", "x", false), "counter", "inc",
                new byte[0], 1, 0);
        assertEquals(FailureCodes.READ_ONLY, readOnlyWrite.failureCode());
        assertEquals(1, ByteBuffer.wrap(fx.executor.call(new Caller("id", "org1", "x", false), "counter", "get",
                new byte[0], 1, 0).result()).getLong());
    }

    @Test
    void theStateRootCommitsToExactlyTheStoredStateAndTheReceipts() {
        List<Hash> roots = new ArrayList<>();
        roots.add(fx.commit(List.of(inc(), inc())).stateRoot());
        roots.add(fx.commit(List.of()).stateRoot());
        roots.add(fx.commit(List.of(call("delete"), call("inc_then_fail"))).stateRoot());
        roots.add(fx.commit(List.of(inc())).stateRoot());
        for (int h = 1; h <= roots.size(); h++) {
            assertEquals(rootFromScratch(h), roots.get(h - 1), "height " + h);
            assertEquals(Optional.of(roots.get(h - 1)), fx.store.stateRoot(h));
            Hash receiptsRoot = Receipt.receiptsRoot(fx.store.receipts(h).stream().map(Receipt::hash).toList());
            assertArrayEquals(receiptsRoot.toArray(), fx.store.stateValue(Contracts.LEDGER_NAMESPACE,
                    BlockExecutor.receiptsRootKey(h), h).orElseThrow().value().toArray());
        }
        assertNotEquals(roots.get(0), roots.get(1), "an empty block still commits its (empty) receipts root");
    }

    @Test
    void twoNodesExecutingTheSameBlocksAgreeOnEveryReceiptAndRoot() {
        try (ExecutionFixture other = new ExecutionFixture(net, dataDir.resolve("b"), ExecutionLimits.DEFAULT)) {
            List<List<SignedTransaction>> blocks = List.of(List.of(inc(), call("throw")), List.of(call("inc_then_fail"),
                    fx.tx(admin, "counter", "whoami", new byte[0]), inc()), List.of(call("delete")));
            for (List<SignedTransaction> txs : blocks) {
                BlockEffects mine = fx.commit(txs);
                BlockEffects theirs = other.commit(txs);
                assertEquals(mine.receipts(), theirs.receipts());
                assertEquals(mine.stateRoot(), theirs.stateRoot());
                assertEquals(mine.writes(), theirs.writes());
            }
        }
    }

    /** The root of a tree built in one version from every key the store holds at {@code height}. */
    private Hash rootFromScratch(long height) {
        SortedMap<Hash, Optional<Hash>> leaves = new TreeMap<>();
        for (String contract : NAMESPACES) {
            for (StoredValue v : fx.store.scanState(contract, new byte[0], null, 10_000, height)) {
                leaves.put(StateKeys.keyHash(contract, v.key().toArray()),
                        Optional.of(StateKeys.valueHash(v.value().toArray())));
            }
        }
        InMemoryTreeStore nodes = new InMemoryTreeStore();
        return new SparseMerkleTree(nodes).apply(SparseMerkleTree.PRE_GENESIS_VERSION, 1, leaves).root();
    }

    private long counter(long height) {
        return fx.store.stateValue("counter", CounterContract.KEY, height)
                .map(v -> ByteBuffer.wrap(v.value().toArray()).getLong()).orElse(0L);
    }

    private SignedTransaction inc() {
        return call("inc");
    }

    private SignedTransaction call(String method) {
        return fx.tx(publisher, "counter", method, new byte[0]);
    }
}
