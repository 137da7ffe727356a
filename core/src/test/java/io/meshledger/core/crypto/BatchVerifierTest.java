package io.meshledger.core.crypto;

import io.meshledger.core.testing.Seeded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchVerifierTest {
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(4);
    /** A few keys of each algorithm, reused across batches: key generation is not what is under test. */
    private static final List<SigningKey> KEYS = new ArrayList<>();

    static {
        for (int i = 0; i < 6; i++) {
            SignatureAlgorithm a = i % 2 == 0 ? SignatureAlgorithm.ED25519 : SignatureAlgorithm.ECDSA_P256;
            KEYS.add(SigningKey.generate(a, Seeded.secureRandom(1000 + i)));
        }
    }

    @AfterAll
    static void stopWorkers() {
        WORKERS.shutdownNow();
    }

    /** A batch and the indexes that were built valid. */
    record Batch(List<SignatureCheck> checks, BitSet expected) {
    }

    /**
     * Builds {@code size} checks over random keys of both algorithms; each is spoiled with
     * probability 1/4 in one of four ways, so invalid positions are random but known.
     */
    static Batch batch(int size, long seed) {
        Random random = new Random(seed);
        List<SignatureCheck> checks = new ArrayList<>(size);
        BitSet expected = new BitSet(size);
        for (int i = 0; i < size; i++) {
            SigningKey key = KEYS.get(random.nextInt(KEYS.size()));
            byte[] message = Seeded.bytes(random, 1 + random.nextInt(48));
            byte[] sig = key.sign(message);
            Verifier verifier = key.publicKey();
            if (random.nextInt(4) == 0) {
                switch (random.nextInt(4)) {
                    case 0 -> message[random.nextInt(message.length)] ^= 0x01;
                    case 1 -> sig = SignatureTest.flipBit(sig, random.nextInt(sig.length * 8));
                    case 2 -> verifier = KEYS.get((KEYS.indexOf(key) + 2) % KEYS.size()).publicKey();
                    default -> sig = java.util.Arrays.copyOf(sig, random.nextInt(sig.length));
                }
            } else {
                expected.set(i);
            }
            checks.add(new SignatureCheck(verifier, message, sig));
        }
        return new Batch(checks, expected);
    }

    static Stream<Arguments> sizesParallelismsAndSeeds() {
        return Stream.of(0, 1, 3, 100, 1000).flatMap(size -> Stream.of(1, 4).flatMap(parallelism ->
                Stream.of(1L, 2L).map(seed -> Arguments.of(size, parallelism, seed + 31L * size))));
    }

    @ParameterizedTest(name = "size {0}, parallelism {1}, seed {2}")
    @MethodSource("sizesParallelismsAndSeeds")
    void theResultMarksExactlyTheValidSignatures(int size, int parallelism, long seed) {
        Batch b = batch(size, seed);
        BitSet result = new BatchVerifier(WORKERS, parallelism).verifyAll(b.checks());
        assertEquals(b.expected(), result);
        assertTrue(result.length() <= size, "no bit beyond the batch");
    }

    @Test
    void aBatchWithBothAlgorithmsAndEveryKindOfFailureIsJudgedLikeOneByOneChecks() {
        Batch b = batch(200, 77);
        BitSet oneByOne = new BitSet();
        for (int i = 0; i < b.checks().size(); i++) {
            if (b.checks().get(i).verify()) {
                oneByOne.set(i);
            }
        }
        assertEquals(b.expected(), oneByOne, "the batch builder itself must be right");
        long ed = b.checks().stream().filter(c -> c.verifier().algorithm() == SignatureAlgorithm.ED25519).count();
        assertTrue(ed > 0 && ed < 200, "both algorithms appear");
        assertTrue(b.expected().cardinality() < 200 && b.expected().cardinality() > 0, "valid and invalid appear");
        for (int parallelism : new int[] {1, 2, 3, 4, 7, 64}) {
            assertEquals(oneByOne, new BatchVerifier(WORKERS, parallelism).verifyAll(b.checks()),
                    "parallelism " + parallelism);
        }
    }

    @Test
    void parallelismBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BatchVerifier(WORKERS, 0));
    }

    @Test
    void aFailureOnAWorkerThreadSurfacesAsCryptoExceptionInsteadOfAnUnsetBit() {
        Verifier broken = new Verifier() {
            @Override
            public SignatureAlgorithm algorithm() {
                return SignatureAlgorithm.ED25519;
            }

            @Override
            public boolean verify(byte[] message, byte[] signature) {
                throw new IllegalStateException("broken verifier");
            }
        };
        Batch b = batch(40, 5);
        List<SignatureCheck> checks = new ArrayList<>(b.checks());
        checks.set(39, new SignatureCheck(broken, new byte[1], new byte[1]));
        CryptoException e = assertThrows(CryptoException.class, () -> new BatchVerifier(WORKERS, 4).verifyAll(checks));
        assertTrue(e.getMessage().contains("broken verifier"), e.getMessage());
    }
}
