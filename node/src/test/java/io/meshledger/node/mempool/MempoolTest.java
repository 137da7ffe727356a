package io.meshledger.node.mempool;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.TestNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MempoolTest {
    @TempDir
    static Path dir;
    static TestNetwork net;
    static TestNetwork.User user;

    @BeforeAll
    static void network() {
        net = TestNetwork.create(dir, 1, 1);
        user = net.user("org1", "publisher");
    }

    static List<SignedTransaction> txs(int n, long expiry) {
        List<SignedTransaction> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(net.transaction(user, 10, expiry));
        }
        return out;
    }

    static List<Hash> ids(List<SignedTransaction> txs) {
        return txs.stream().map(SignedTransaction::id).toList();
    }

    @Test
    void batchesComeOutInArrivalOrder() {
        Mempool pool = new Mempool(100, 1 << 20);
        List<SignedTransaction> in = txs(10, 100);
        in.forEach(tx -> assertEquals(Mempool.AddOutcome.ADDED, pool.add(tx, 100)));
        assertEquals(ids(in.subList(0, 4)), ids(pool.select(4, 1 << 20, Set.of())));
        assertEquals(ids(in.subList(4, 10)), ids(pool.select(100, 1 << 20, Set.copyOf(ids(in.subList(0, 4))))));
        assertTrue(pool.select(10, 1 << 20, Set.copyOf(ids(in))).isEmpty());
    }

    @Test
    void aBatchStopsAtTheByteLimitButNeverComesOutEmptyWhenTransactionsWait() {
        Mempool pool = new Mempool(100, 1 << 20);
        txs(5, 100).forEach(tx -> pool.add(tx, 300));
        assertEquals(3, pool.select(10, 900, Set.of()).size());
        assertEquals(1, pool.select(10, 100, Set.of()).size(), "an oversize head is still taken alone");
    }

    @Test
    void selectedTransactionsStayPendingUntilCommitted() {
        Mempool pool = new Mempool(2, 1 << 20);
        List<SignedTransaction> in = txs(3, 100);
        pool.add(in.get(0), 10);
        pool.add(in.get(1), 10);
        assertEquals(2, pool.select(2, 1 << 20, Set.of()).size());
        assertEquals(Mempool.AddOutcome.DUPLICATE, pool.add(in.get(0), 10));
        assertEquals(Mempool.AddOutcome.FULL, pool.add(in.get(2), 10));
        assertEquals(2, pool.select(2, 1 << 20, Set.of()).size(), "a failed proposal loses nothing");
        pool.removeCommitted(ids(in.subList(0, 2)));
        assertEquals(0, pool.size());
        assertEquals(0, pool.bytes());
        assertEquals(Mempool.AddOutcome.ADDED, pool.add(in.get(2), 10));
    }

    @Test
    void removingCommittedTransactionsTellsWhenThoseThatWaitedHereWereAdmitted() {
        Mempool pool = new Mempool(100, 1 << 20);
        List<SignedTransaction> in = txs(3, 100);
        long before = System.nanoTime();
        pool.add(in.get(0), 10);
        pool.add(in.get(1), 10);
        long after = System.nanoTime();
        // The third came in another node's block without waiting here.
        long[] admitted = pool.removeCommitted(ids(in));
        assertEquals(2, admitted.length);
        for (long t : admitted) {
            assertTrue(t - before >= 0 && after - t >= 0, "admitted between the two adds");
        }
        assertEquals(0, pool.removeCommitted(ids(in)).length, "already removed");
    }

    @Test
    void transactionsOfCommittedBlocksLeaveTheProposalsButStayPendingUntilAppended() {
        Mempool pool = new Mempool(4, 1 << 20);
        List<SignedTransaction> in = txs(5, 100);
        in.subList(0, 4).forEach(tx -> pool.add(tx, 10));
        long before = System.nanoTime();
        pool.markCommitting(ids(in.subList(0, 2)));
        assertEquals(ids(in.subList(2, 4)), ids(pool.select(10, 1 << 20, Set.of())));
        assertEquals(4, pool.size());
        assertEquals(40, pool.bytes());
        assertTrue(pool.contains(in.get(0).id()));
        assertTrue(pool.containsVerified(in.get(0)));
        assertEquals(Mempool.AddOutcome.DUPLICATE, pool.add(in.get(1), 10));
        assertEquals(Mempool.AddOutcome.FULL, pool.add(in.get(4), 10), "committing ones still count");

        long[] admitted = pool.removeCommitted(ids(in.subList(0, 3)));
        assertEquals(3, admitted.length, "committing and still queued alike");
        for (long t : admitted) {
            assertTrue(before - t >= 0, "admission times, not removal times");
        }
        assertEquals(1, pool.size());
        assertEquals(10, pool.bytes());
        assertFalse(pool.contains(in.get(0).id()));
        assertEquals(Mempool.AddOutcome.ADDED, pool.add(in.get(4), 10));
        assertEquals(ids(in.subList(3, 5)), ids(pool.select(10, 1 << 20, Set.of())));

        Mempool late = new Mempool(4, 1 << 20);
        SignedTransaction arriving = txs(1, 100).getFirst();
        late.markCommitting(List.of(arriving.id()));
        assertEquals(Mempool.AddOutcome.DUPLICATE, late.add(arriving, 10),
                "arriving after consensus committed its block, before the ledger appended it");
        assertTrue(late.contains(arriving.id()));
        assertEquals(List.of(), late.select(10, 1 << 20, Set.of()), "never proposed again");
        assertEquals(0, late.removeCommitted(List.of(arriving.id())).length, "not held: no admission time");
        assertFalse(late.contains(arriving.id()));
        assertEquals(0, late.size());

        Mempool other = new Mempool(4, 1 << 20);
        SignedTransaction expiring = txs(1, 5).getFirst();
        other.add(expiring, 10);
        other.markCommitting(List.of(expiring.id()));
        assertEquals(0, other.evictExpired(10), "its block commits it whatever its expiry");
        assertEquals(1, other.size());
    }

    @Test
    void theByteBoundAppliesAsWellAsTheCount() {
        Mempool pool = new Mempool(100, 1000);
        List<SignedTransaction> in = txs(3, 100);
        assertEquals(Mempool.AddOutcome.ADDED, pool.add(in.get(0), 600));
        assertEquals(Mempool.AddOutcome.FULL, pool.add(in.get(1), 600));
        assertEquals(Mempool.AddOutcome.ADDED, pool.add(in.get(2), 400));
        assertEquals(1000, pool.bytes());
    }

    @Test
    void excludedTransactionsAreSkippedWithoutLosingTheirPlace() {
        Mempool pool = new Mempool(100, 1 << 20);
        List<SignedTransaction> in = txs(6, 100);
        in.forEach(tx -> pool.add(tx, 10));
        Set<Hash> proposed = Set.of(in.get(0).id(), in.get(2).id());
        assertEquals(List.of(in.get(1).id(), in.get(3).id(), in.get(4).id()), ids(pool.select(3, 1 << 20, proposed)));
        assertEquals(ids(in), ids(pool.select(10, 1 << 20, Set.of())));
    }

    @Test
    void expiredPendingTransactionsAreEvicted() {
        Mempool pool = new Mempool(100, 1 << 20);
        List<SignedTransaction> early = txs(3, 5);
        List<SignedTransaction> late = txs(2, 50);
        early.forEach(tx -> pool.add(tx, 10));
        late.forEach(tx -> pool.add(tx, 10));
        assertEquals(3, pool.evictExpired(5));
        assertEquals(2, pool.size());
        assertEquals(20, pool.bytes());
        assertFalse(pool.contains(early.get(0).id()));
        assertEquals(ids(late), ids(pool.select(10, 1 << 20, Set.of())));
    }
}
