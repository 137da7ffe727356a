package io.meshledger.node.mempool;

import com.google.protobuf.ByteString;
import io.meshledger.core.crypto.BatchVerifier;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks on another leader's proposed transactions. */
class PayloadCheckTest {
    @TempDir
    static Path dir;
    static TestNetwork net;
    static ExecutorService workers;

    Mempool mempool;
    VerifiedSignatures verified;
    PayloadCheck check;

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
        mempool = new Mempool(1000, 1 << 24);
        verified = new VerifiedSignatures(1000);
        check = new PayloadCheck(net.genesis().chainId(), net.genesis().limits(), net.genesis().membershipValidator(100),
                new BatchVerifier(workers, 2), mempool, verified, Clock.systemUTC());
    }

    SignedTransaction tx(long expiry) {
        return net.transaction(net.user("org1", "publisher"), 100, expiry);
    }

    static SignedTransaction withSignature(SignedTransaction tx, byte[] sig) {
        return SignedTransaction.fromProto(tx.toProto().toBuilder().setSignature(ByteString.copyFrom(sig)).build());
    }

    @Test
    void validTransactionsPassAndAreRememberedAsVerified() {
        SignedTransaction a = tx(50);
        SignedTransaction b = tx(50);
        assertEquals(Optional.empty(), check.check(List.of(a, b), 10, id -> false));
        assertTrue(verified.contains(a) && verified.contains(b));
    }

    @Test
    void aForgedSignatureOnATransactionWeHoldIsStillCaught() {
        SignedTransaction good = tx(50);
        mempool.add(good, 100);
        byte[] sig = good.signature().toArray();
        sig[1] ^= 1;
        SignedTransaction forged = withSignature(good, sig);
        assertEquals(good.id(), forged.id(), "same body, same id");
        Optional<String> problem = check.check(List.of(forged), 10, id -> false);
        assertTrue(problem.isPresent() && problem.get().contains("invalid signature"), problem.toString());
        assertEquals(Optional.empty(), check.check(List.of(good), 10, id -> false), "the pending copy needs no check");
    }

    @Test
    void expiredCommittedForeignAndWrongChainTransactionsAreRefused() {
        SignedTransaction expired = tx(9);
        assertTrue(check.check(List.of(expired), 10, id -> false).orElseThrow().contains("expired"));
        SignedTransaction committed = tx(50);
        Set<Hash> done = Set.of(committed.id());
        assertTrue(check.check(List.of(committed), 10, done::contains).orElseThrow().contains("already committed"));
        SignedTransaction otherChain = SignedTransaction.sign(net.body(net.user("org2", "admin"), "other", 10, 50),
                net.user("org2", "admin").key());
        assertTrue(check.check(List.of(otherChain), 10, id -> false).orElseThrow().contains("chain"));
        assertFalse(verified.contains(otherChain));
    }
}
