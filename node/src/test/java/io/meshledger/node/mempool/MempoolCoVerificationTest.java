package io.meshledger.node.mempool;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.TestNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mempool's side of co-verification, with n = 4 validators (f = 1, so 2 verifications needed). */
class MempoolCoVerificationTest {
    private static final IdentityId A = new IdentityId(Hashing.sha256(new byte[] {1}));
    private static final IdentityId B = new IdentityId(Hashing.sha256(new byte[] {2}));
    private static final IdentityId C = new IdentityId(Hashing.sha256(new byte[] {3}));
    private static final Duration WAIT = Duration.ofMillis(200);

    @TempDir
    static Path dir;
    static TestNetwork net;
    static TestNetwork.User user;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Mempool pool = new Mempool(1_000, 1 << 20, 2, WAIT, now::get);

    @BeforeAll
    static void network() {
        net = TestNetwork.create(dir, 1, 1);
        user = net.user("org1", "publisher");
    }

    private static SignedTransaction tx() {
        return net.transaction(user, 10, 100);
    }

    private List<SignedTransaction> proposable() {
        return pool.select(100, 1 << 20, Set.of());
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aForwardedTransactionOnOneValidatorsWordIsNeitherTrustedNorProposed() {
        SignedTransaction tx = tx();
        assertEquals(Mempool.AddOutcome.ADDED, pool.addForwarded(tx, 100, A, false));
        assertTrue(pool.contains(tx.id()));
        assertFalse(pool.containsVerified(tx), "one validator may be the faulty one");
        assertTrue(proposable().isEmpty());
        advance(WAIT.multipliedBy(10));
        assertTrue(proposable().isEmpty(), "waiting never makes an unverified transaction proposable");
    }

    @Test
    void theOriginAndOneCoVerifierMakeItTrustedAndProposable() {
        SignedTransaction tx = tx();
        pool.addForwarded(tx, 100, A, false);
        pool.vouch(B, List.of(tx.signedId()));
        assertTrue(pool.containsVerified(tx));
        assertEquals(List.of(tx), proposable());
    }

    @Test
    void aVouchThatOvertakesItsTransactionStillCounts() {
        SignedTransaction tx = tx();
        pool.vouch(B, List.of(tx.signedId()));
        pool.addForwarded(tx, 100, A, false);
        assertTrue(pool.containsVerified(tx));
        assertEquals(List.of(tx), proposable());
    }

    @Test
    void vouchesFromOneValidatorCountOnce() {
        SignedTransaction tx = tx();
        pool.addForwarded(tx, 100, A, false);
        pool.vouch(A, List.of(tx.signedId()));
        pool.vouch(A, List.of(tx.signedId()));
        assertFalse(pool.containsVerified(tx), "the forwarder vouching again is still one validator");
        assertTrue(proposable().isEmpty());
    }

    @Test
    void aVouchForOtherSignatureBytesSaysNothingAboutThisCopy() {
        SignedTransaction valid = tx();
        byte[] forged = valid.signature().toArray();
        forged[40] ^= 1;
        SignedTransaction copy = new SignedTransaction(valid.body(), Bytes.wrap(forged), valid.id(), valid.decoded());
        pool.addForwarded(copy, 100, A, false);
        pool.vouch(B, List.of(valid.signedId()));
        assertFalse(pool.containsVerified(copy));
        assertFalse(pool.containsVerified(valid), "the pool holds the other copy");
        assertTrue(proposable().isEmpty());
    }

    @Test
    void aTransactionVerifiedHereWaitsForOneVouchOrForTheVouchWait() {
        SignedTransaction vouched = tx();
        SignedTransaction alone = tx();
        pool.add(vouched, 100);
        pool.add(alone, 100);
        assertTrue(pool.containsVerified(alone), "verified here: trusted in proposals at once");
        assertTrue(proposable().isEmpty(), "but not proposed before a co-verifier vouched");
        pool.vouch(C, List.of(vouched.signedId()));
        assertEquals(List.of(vouched), proposable());
        advance(WAIT);
        assertEquals(List.of(vouched, alone), proposable(), "a co-verifier that is down does not hold it forever");
    }

    @Test
    void overdueListsOnlyUntrustedTransactionsPastTheWaitAndVerifyingThemMakesThemProposable() {
        SignedTransaction waiting = tx();
        SignedTransaction vouched = tx();
        pool.addForwarded(waiting, 100, A, false);
        pool.addForwarded(vouched, 100, A, false);
        pool.vouch(B, List.of(vouched.signedId()));
        assertTrue(pool.overdue(WAIT, 10).isEmpty(), "not overdue before the wait");
        advance(WAIT);
        assertEquals(List.of(waiting), pool.overdue(WAIT, 10));
        pool.markVerified(waiting);
        assertTrue(pool.containsVerified(waiting));
        assertTrue(pool.overdue(WAIT, 10).isEmpty());
        assertEquals(Set.of(waiting, vouched), Set.copyOf(proposable()), "verified here plus the forwarder: two");
    }

    @Test
    void removingACopyWhoseSignatureFailedLeavesNothingBehind() {
        SignedTransaction tx = tx();
        pool.addForwarded(tx, 100, A, false);
        assertTrue(pool.remove(tx));
        assertFalse(pool.contains(tx.id()));
        assertEquals(0, pool.size());
        assertEquals(0, pool.bytes());
        advance(WAIT);
        assertTrue(pool.overdue(WAIT, 10).isEmpty());
    }

    @Test
    void committedAndExpiredTransactionsLeaveTheVouchIndexToo() {
        SignedTransaction committed = tx();
        pool.addForwarded(committed, 100, A, false);
        pool.removeCommitted(List.of(committed.id()));
        advance(WAIT);
        assertTrue(pool.overdue(WAIT, 10).isEmpty());
        SignedTransaction expiring = net.transaction(user, 10, 5);
        pool.addForwarded(expiring, 100, A, false);
        assertEquals(1, pool.evictExpired(5));
        assertTrue(pool.overdue(WAIT, 10).isEmpty());
        assertEquals(0, pool.bytes());
    }

    @Test
    void oneValidatorNetworksNeedOnlyTheirOwnVerification() {
        Mempool single = new Mempool(10, 1 << 20);
        SignedTransaction tx = tx();
        single.add(tx, 100);
        assertEquals(List.of(tx), single.select(10, 1 << 20, Set.of()));
    }

    @Test
    void earlyVouchesAreBounded() {
        EarlyVouches early = new EarlyVouches(100);
        for (int i = 0; i < 1_000; i++) {
            early.add(Hashing.sha256(new byte[] {(byte) i, (byte) (i >> 8)}), A);
        }
        assertTrue(early.size() <= 100, early.size() + " kept");
        Hash recent = Hashing.sha256(new byte[] {(byte) 999, (byte) (999 >> 8)});
        java.util.Set<IdentityId> into = new java.util.HashSet<>();
        early.takeInto(recent, into);
        assertEquals(Set.of(A), into, "the newest vouches are kept");
    }
}
