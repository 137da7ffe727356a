package io.meshledger.node.mempool;

import com.google.protobuf.ByteString;
import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.BatchVerifier;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.identity.CertificateAuthority;
import io.meshledger.core.identity.Role;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.config.PemFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdmissionTest {
    @TempDir
    static Path dir;
    static TestNetwork net;
    static ExecutorService workers;

    FakeLedger ledger;
    Mempool mempool;
    Admission admission;

    /** An in-memory ledger view whose height and committed ids the test sets. */
    static final class FakeLedger implements LedgerView {
        volatile long height = 10;
        final Set<Hash> committed = ConcurrentHashMap.newKeySet();

        @Override
        public long committedHeight() {
            return height;
        }

        @Override
        public boolean isCommitted(Hash txId) {
            return committed.contains(txId);
        }
    }

    @BeforeAll
    static void network() {
        net = TestNetwork.create(dir, 2, 4);
        workers = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        workers.shutdownNow();
    }

    @BeforeEach
    void setUp() {
        ledger = new FakeLedger();
        mempool = new Mempool(1000, 16 * 1024 * 1024);
        admission = newAdmission(mempool);
    }

    Admission newAdmission(Mempool pool) {
        return new Admission(net.genesis().chainId(), net.genesis().limits(), net.genesis().membershipValidator(100),
                new BatchVerifier(workers, 2), ledger, pool, Clock.systemUTC());
    }

    TestNetwork.User publisher() {
        return net.user("org1", "publisher");
    }

    SignedTransaction valid() {
        return net.transaction(publisher(), 200, ledger.height + 100);
    }

    AdmissionResult admitOne(byte[] wire) {
        return admission.admitEncoded(List.of(wire)).get(0);
    }

    static void assertRejected(AdmissionResult r, RejectReason reason) {
        AdmissionResult.Rejected rej = assertInstanceOf(AdmissionResult.Rejected.class, r, () -> "expected " + reason + ", got " + r);
        assertEquals(reason, rej.reason(), rej.message());
        assertFalse(rej.message().isBlank());
    }

    @Test
    void aValidSignedTransactionIsAcceptedAndPending() {
        SignedTransaction tx = valid();
        AdmissionResult r = admitOne(tx.encode());
        assertEquals(tx.id(), assertInstanceOf(AdmissionResult.Accepted.class, r).txId());
        assertTrue(mempool.contains(tx.id()));
        assertEquals(1, admission.acceptedCount());
    }

    @Test
    void ecdsaSignedTransactionsFromACertifiedKeyAreAccepted() {
        CertificateAuthority ca = CertificateAuthority.load(
                PemFiles.readCertificate(net.layout().caCertificate("org2")),
                PemFiles.readPrivateKey(net.layout().caKey("org2")), new SecureRandom());
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom());
        byte[] der = encoded(ca.issue(Role.USER, "hsm-user", key.publicKey(), Instant.now().minusSeconds(60),
                Duration.ofDays(1), List.of()));
        TestNetwork.User user = new TestNetwork.User(key, Bytes.wrap(der));
        SignedTransaction tx = net.transaction(user, 100, ledger.height + 5);
        assertInstanceOf(AdmissionResult.Accepted.class, admitOne(tx.encode()));
    }

    @Test
    void aTamperedSignatureIsRejectedAsInvalidSignature() {
        SignedTransaction tx = valid();
        byte[] sig = tx.signature().toArray();
        sig[7] ^= 0x01;
        var wire = tx.toProto().toBuilder().setSignature(ByteString.copyFrom(sig)).build().toByteArray();
        assertRejected(admitOne(wire), RejectReason.INVALID_SIGNATURE);
        assertEquals(0, mempool.size());
    }

    /** The validator that forwards the batches these tests admit. */
    static io.meshledger.core.identity.IdentityId forwarder() {
        return net.genesis().validators().validators().get(0).id();
    }

    static SignedTransaction withBadSignature(SignedTransaction tx) {
        byte[] sig = tx.signature().toArray();
        sig[7] ^= 0x01;
        return new SignedTransaction(tx.body(), Bytes.wrap(sig), tx.id(), tx.decoded());
    }

    @Test
    void aForwardedBatchNamingThisNodeACoVerifierIsVerifiedHere() {
        Mempool pool = new Mempool(1000, 16 * 1024 * 1024, 2, Duration.ofMillis(200), System::nanoTime);
        Admission coVerifier = newAdmission(pool);
        SignedTransaction good = valid();
        SignedTransaction bad = withBadSignature(valid());
        List<AdmissionResult> results = coVerifier.admitForwarded(forwarder(), List.of(good, bad), true);
        assertInstanceOf(AdmissionResult.Accepted.class, results.get(0));
        assertRejected(results.get(1), RejectReason.INVALID_SIGNATURE);
        assertEquals(2, coVerifier.signaturesVerified());
        assertTrue(pool.containsVerified(good));
        assertEquals(List.of(good), pool.select(10, 1 << 20, Set.of()), "verified here plus the forwarder: two");
    }

    @Test
    void aForwardedBatchNotNamingThisNodeWaitsUnverifiedAndAnOverdueBadSignatureIsDropped() throws Exception {
        Mempool pool = new Mempool(1000, 16 * 1024 * 1024, 2, Duration.ofMillis(50), System::nanoTime);
        Admission other = newAdmission(pool);
        SignedTransaction good = valid();
        SignedTransaction bad = withBadSignature(valid());
        List<AdmissionResult> results = other.admitForwarded(forwarder(), List.of(good, bad), false);
        assertInstanceOf(AdmissionResult.Accepted.class, results.get(0));
        assertInstanceOf(AdmissionResult.Accepted.class, results.get(1), "taken on the forwarder's word for now");
        assertEquals(0, other.signaturesVerified());
        assertFalse(pool.containsVerified(good));
        assertEquals(0, other.verifyOverdue(Duration.ofMillis(50), 100), "not overdue yet");
        Thread.sleep(60);
        assertEquals(2, other.verifyOverdue(Duration.ofMillis(50), 100));
        assertTrue(pool.containsVerified(good));
        assertFalse(pool.contains(bad.id()), "a forged signature a faulty forwarder passed on is dropped");
        assertEquals(1, other.rejectionCounts().get(RejectReason.INVALID_SIGNATURE));
        assertEquals(List.of(good), pool.select(10, 1 << 20, Set.of()));
    }

    @Test
    void cheapChecksStillRejectForwardedTransactionsThatAreNotVerifiedHere() {
        Mempool pool = new Mempool(1000, 16 * 1024 * 1024, 2, Duration.ofMillis(200), System::nanoTime);
        Admission other = newAdmission(pool);
        SignedTransaction expired = net.transaction(publisher(), 10, ledger.height);
        assertRejected(other.admitForwarded(forwarder(), List.of(expired), false).get(0), RejectReason.EXPIRED);
        assertEquals(0, pool.size());
    }

    @Test
    void aTamperedFieldInvalidatesTheSignature() {
        SignedTransaction tx = valid();
        TransactionBody b = tx.decoded();
        TransactionBody changed = new TransactionBody(b.chainId(), b.sender(), b.contract(), "grant", b.args(), b.nonce(),
                b.expiryHeight());
        var wire = tx.toProto().toBuilder().setBody(ByteString.copyFrom(changed.encode())).build().toByteArray();
        assertRejected(admitOne(wire), RejectReason.INVALID_SIGNATURE);
    }

    @Test
    void aSignatureByAnotherMembersKeyIsRejected() {
        TestNetwork.User publisher = publisher();
        TestNetwork.User auditor = net.user("org1", "auditor");
        TransactionBody body = net.body(publisher, net.genesis().chainId(), 50, ledger.height + 10);
        SignedTransaction forged = SignedTransaction.sign(body, auditor.key());
        assertRejected(admitOne(forged.encode()), RejectReason.INVALID_SIGNATURE);
    }

    @Test
    void replayingAPendingTransactionIsADuplicate() {
        SignedTransaction tx = valid();
        assertInstanceOf(AdmissionResult.Accepted.class, admitOne(tx.encode()));
        AdmissionResult again = admitOne(tx.encode());
        assertRejected(again, RejectReason.DUPLICATE);
        assertEquals(tx.id(), again.id().orElseThrow());
        assertEquals(1, mempool.size());
    }

    @Test
    void replayingACommittedTransactionIsADuplicate() {
        SignedTransaction tx = valid();
        admitOne(tx.encode());
        ledger.committed.add(tx.id());
        mempool.removeCommitted(List.of(tx.id()));
        assertRejected(admitOne(tx.encode()), RejectReason.DUPLICATE);
    }

    @Test
    void theSameTransactionTwiceInOneBatchIsAdmittedOnce() {
        SignedTransaction tx = valid();
        List<AdmissionResult> rs = admission.admitEncoded(List.of(tx.encode(), tx.encode()));
        assertInstanceOf(AdmissionResult.Accepted.class, rs.get(0));
        assertRejected(rs.get(1), RejectReason.DUPLICATE);
    }

    @Test
    void anExpiredTransactionIsRejected() {
        SignedTransaction tx = net.transaction(publisher(), 10, ledger.height);
        assertRejected(admitOne(tx.encode()), RejectReason.EXPIRED);
    }

    @Test
    void anExpiryBeyondTheWindowIsRejected() {
        long window = net.genesis().limits().expiryWindow();
        assertInstanceOf(AdmissionResult.Accepted.class,
                admitOne(net.transaction(publisher(), 10, ledger.height + window).encode()));
        assertRejected(admitOne(net.transaction(publisher(), 10, ledger.height + window + 1).encode()), RejectReason.EXPIRED);
    }

    @Test
    void anOversizedTransactionIsRejectedBeforeDecoding() {
        int max = net.genesis().limits().maxTransactionBytes();
        SignedTransaction tx = net.transaction(publisher(), max, ledger.height + 10);
        assertTrue(tx.encode().length > max);
        assertRejected(admitOne(tx.encode()), RejectReason.PAYLOAD_TOO_LARGE);
        assertRejected(admission.admit(List.of(tx)).get(0), RejectReason.PAYLOAD_TOO_LARGE);
    }

    @Test
    void malformedBytesAreRejectedAsMalformed() {
        Random r = new Random(7);
        for (int i = 0; i < 50; i++) {
            byte[] garbage = new byte[1 + r.nextInt(300)];
            r.nextBytes(garbage);
            AdmissionResult res = admitOne(garbage);
            assertInstanceOf(AdmissionResult.Rejected.class, res);
            RejectReason reason = ((AdmissionResult.Rejected) res).reason();
            // Random bytes occasionally parse as protobuf; they must still never be admitted.
            assertTrue(reason == RejectReason.MALFORMED || reason == RejectReason.WRONG_CHAIN, reason::name);
        }
        byte[] wire = valid().encode();
        byte[] truncated = java.util.Arrays.copyOf(wire, wire.length - 5);
        assertRejected(admitOne(truncated), RejectReason.MALFORMED);
        assertRejected(admitOne(new byte[0]), RejectReason.MALFORMED);
        assertEquals(0, mempool.size());
    }

    @Test
    void aCertificateFromAnUnknownCaIsRejected() {
        // Same organisation name, different CA: a rogue who copies the subject gains nothing.
        CertificateAuthority rogue = CertificateAuthority.create("org1",
                SigningKey.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom()),
                Instant.now().minusSeconds(60), Duration.ofDays(1), new SecureRandom());
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        byte[] der = encoded(rogue.issue(Role.USER, "publisher", key.publicKey(), Instant.now().minusSeconds(60),
                Duration.ofDays(1), List.of()));
        SignedTransaction tx = net.transaction(new TestNetwork.User(key, Bytes.wrap(der)), 10, ledger.height + 10);
        assertRejected(admitOne(tx.encode()), RejectReason.UNKNOWN_IDENTITY);
    }

    @Test
    void anUnregisteredKeyIdIsAnUnknownIdentity() {
        TestNetwork.User p = publisher();
        byte[] id = new byte[32];
        new Random(3).nextBytes(id);
        TransactionBody body = new TransactionBody(net.genesis().chainId(), new Sender.KeyId(Bytes.wrap(id)),
                "publication", "publish", Bytes.EMPTY, net.nonce(), ledger.height + 10);
        assertRejected(admitOne(SignedTransaction.sign(body, p.key()).encode()), RejectReason.UNKNOWN_IDENTITY);
    }

    @Test
    void aTransactionForAnotherChainIsRejected() {
        TestNetwork.User p = publisher();
        SignedTransaction tx = SignedTransaction.sign(net.body(p, "other-chain", 10, ledger.height + 10), p.key());
        assertRejected(admitOne(tx.encode()), RejectReason.WRONG_CHAIN);
    }

    @Test
    void aFullMempoolPushesBackWithResourceExhausted() {
        Mempool small = new Mempool(3, 1024 * 1024);
        Admission a = newAdmission(small);
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(valid().encode());
        }
        List<AdmissionResult> rs = a.admitEncoded(batch);
        assertEquals(3, rs.stream().filter(r -> r instanceof AdmissionResult.Accepted).count());
        assertRejected(rs.get(3), RejectReason.RESOURCE_EXHAUSTED);
        assertRejected(rs.get(4), RejectReason.RESOURCE_EXHAUSTED);
        assertEquals(3, small.size());
    }

    @Test
    void aFullMempoolTurnsTransactionsAwayBeforeVerifyingThem() {
        Mempool small = new Mempool(2, 1024 * 1024);
        Admission a = newAdmission(small);
        SignedTransaction first = valid();
        a.admitEncoded(List.of(first.encode(), valid().encode()));
        assertEquals(2, a.signaturesVerified());

        SignedTransaction late = valid();
        byte[] badSig = valid().toProto().toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build()
                .toByteArray();
        List<AdmissionResult> rs = a.admitEncoded(List.of(late.encode(), badSig));
        assertRejected(rs.get(0), RejectReason.RESOURCE_EXHAUSTED);
        assertRejected(rs.get(1), RejectReason.RESOURCE_EXHAUSTED);
        assertEquals(2, a.signaturesVerified(), "no signature checked for a pool with no room");

        small.remove(first);
        assertInstanceOf(AdmissionResult.Accepted.class, a.admitEncoded(List.of(late.encode())).getFirst(),
                "room again: admitted");
    }

    @Test
    void aMixedBatchGetsOneResultPerTransactionInInputOrder() {
        SignedTransaction good1 = valid();
        SignedTransaction expired = net.transaction(publisher(), 10, 1);
        SignedTransaction good2 = valid();
        byte[] badSig = good2.toProto().toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build().toByteArray();
        SignedTransaction good3 = valid();
        List<AdmissionResult> rs = admission.admitEncoded(List.of(good1.encode(), expired.encode(), new byte[] {1, 2, 3},
                badSig, good3.encode()));
        assertEquals(good1.id(), assertInstanceOf(AdmissionResult.Accepted.class, rs.get(0)).txId());
        assertRejected(rs.get(1), RejectReason.EXPIRED);
        assertRejected(rs.get(2), RejectReason.MALFORMED);
        assertRejected(rs.get(3), RejectReason.INVALID_SIGNATURE);
        assertEquals(good3.id(), assertInstanceOf(AdmissionResult.Accepted.class, rs.get(4)).txId());
        assertEquals(List.of(good1.id(), good3.id()), mempool.select(10, 1 << 20, java.util.Set.of()).stream().map(SignedTransaction::id).toList());
        assertEquals(1L, admission.rejectionCounts().get(RejectReason.MALFORMED));
        assertEquals(1L, admission.rejectionCounts().get(RejectReason.INVALID_SIGNATURE));
    }

    @Test
    void largeBatchesAreVerifiedInParallelWithExactPerTransactionOutcomes() {
        Random r = new Random(11);
        List<byte[]> batch = new ArrayList<>();
        List<Boolean> expectValid = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            SignedTransaction tx = valid();
            boolean corrupt = r.nextInt(5) == 0;
            if (corrupt) {
                byte[] sig = tx.signature().toArray();
                sig[r.nextInt(sig.length)] ^= (byte) (1 << r.nextInt(8));
                batch.add(tx.toProto().toBuilder().setSignature(ByteString.copyFrom(sig)).build().toByteArray());
            } else {
                batch.add(tx.encode());
            }
            expectValid.add(!corrupt);
        }
        List<AdmissionResult> rs = admission.admitEncoded(batch);
        for (int i = 0; i < rs.size(); i++) {
            if (expectValid.get(i)) {
                assertInstanceOf(AdmissionResult.Accepted.class, rs.get(i), "slot " + i);
            } else {
                assertRejected(rs.get(i), RejectReason.INVALID_SIGNATURE);
            }
        }
    }

    private static byte[] encoded(org.bouncycastle.cert.X509CertificateHolder h) {
        try {
            return h.getEncoded();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
