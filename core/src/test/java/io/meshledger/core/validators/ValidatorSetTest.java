package io.meshledger.core.validators;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.testing.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidatorSetTest {
    private static final int MAX_N = 10;
    /** Validator keys, alternating Ed25519 and ECDSA P-256 so both verify paths are exercised. */
    private static final List<SigningKey> KEYS = new ArrayList<>();
    private static final SigningKey OUTSIDER = SigningKey.generate(SignatureAlgorithm.ED25519, Seeded.secureRandom(999));
    private static final Hash MESSAGE = Hashing.sha256("vote for block 7".getBytes(StandardCharsets.UTF_8));

    static {
        for (int i = 0; i < MAX_N; i++) {
            KEYS.add(SigningKey.generate(i % 2 == 0 ? SignatureAlgorithm.ED25519 : SignatureAlgorithm.ECDSA_P256,
                    Seeded.secureRandom(500 + i)));
        }
    }

    static IdentityId idOf(SigningKey key) {
        // Stands in for a certificate fingerprint: ValidatorSet only needs distinct ids.
        return IdentityId.ofCertificate(key.publicKey().encoded().toArray());
    }

    static ValidatorSet set(int n, long epoch) {
        List<Validator> vs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SigningKey k = KEYS.get(i);
            vs.add(new Validator(idOf(k), "node" + i, "org" + (i % 3), k.publicKey(), "127.0.0.1:" + (7000 + i),
                    k.publicKey().encoded()));
        }
        return new ValidatorSet(epoch, vs);
    }

    static ValidatorSignature sig(int validator, Hash over) {
        SigningKey k = KEYS.get(validator);
        return new ValidatorSignature(idOf(k), Bytes.wrap(k.sign(over.toArray())));
    }

    static List<ValidatorSignature> sigs(int count, Hash over) {
        List<ValidatorSignature> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(sig(i, over));
        }
        return out;
    }

    static String reason(QuorumCheck check) {
        assertFalse(check.isValid());
        return assertInstanceOf(QuorumCheck.Invalid.class, check).reason();
    }

    @ParameterizedTest(name = "n={0}: f={1}, quorum={2}")
    @CsvSource({"1, 0, 1", "2, 0, 2", "3, 0, 3", "4, 1, 3", "5, 1, 4", "7, 2, 5", "10, 3, 7"})
    void theQuorumIsNMinusTheLargestFWithThreeFPlusOneAtMostN(int n, int f, int quorum) {
        ValidatorSet s = set(n, 0);
        assertEquals(n, s.size());
        assertEquals(f, s.maxFaulty());
        assertEquals(quorum, s.quorumSize());
    }

    /**
     * Property over every n up to 200, checked against the BFT conditions themselves rather
     * than the formula: any two quorums share at least f+1 validators, so at least one honest
     * one (safety), and the n-f honest validators can always form a quorum alone (liveness).
     */
    @Test
    void everyQuorumSizeIsSafeAndLive() {
        for (int n = 1; n <= 200; n++) {
            int f = (n - 1) / 3;
            int q = n - f;
            assertTrue(3 * f + 1 <= n && 3 * (f + 1) + 1 > n, "f is the largest tolerable for n=" + n);
            assertTrue(2 * q - n >= f + 1, "two quorums intersect in an honest validator for n=" + n);
            assertTrue(q <= n - f, "honest validators alone reach a quorum for n=" + n);
        }
        for (int n = 1; n <= MAX_N; n++) {
            ValidatorSet s = set(n, 0);
            assertEquals(n - (n - 1) / 3, s.quorumSize(), "n=" + n);
            assertTrue(2 * s.quorumSize() - n >= s.maxFaulty() + 1, "n=" + n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 7, 10})
    void exactlyTwoFPlusOneValidSignaturesFormAQuorum(int n) {
        ValidatorSet s = set(n, 0);
        int twoFPlusOne = 2 * s.maxFaulty() + 1;
        QuorumCheck check = s.checkQuorum(MESSAGE, sigs(twoFPlusOne, MESSAGE));
        assertTrue(check.isValid(), check.toString());
        assertEquals(new QuorumCheck.Valid(twoFPlusOne), check);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 7, 10})
    void twoFValidSignaturesAreNotAQuorum(int n) {
        ValidatorSet s = set(n, 0);
        int twoF = 2 * s.maxFaulty();
        String reason = reason(s.checkQuorum(MESSAGE, sigs(twoF, MESSAGE)));
        assertTrue(reason.contains("only " + twoF + " of " + n) && reason.contains("quorum is " + (twoF + 1)), reason);
    }

    @Test
    void noSignaturesAreNotAQuorumEvenForOneValidator() {
        reason(set(1, 0).checkQuorum(MESSAGE, List.of()));
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 7, 10})
    void aDuplicateSignerIsNotCountedTwiceTowardsTheQuorum(int n) {
        ValidatorSet s = set(n, 0);
        List<ValidatorSignature> list = sigs(2 * s.maxFaulty(), MESSAGE);
        list.add(sig(0, MESSAGE));
        String reason = reason(s.checkQuorum(MESSAGE, list));
        assertTrue(reason.contains("node0 signed twice"), reason);
    }

    @Test
    void aDuplicateSignerInvalidatesTheSetEvenWhenDistinctSignersReachAQuorum() {
        ValidatorSet s = set(4, 0);
        List<ValidatorSignature> list = sigs(3, MESSAGE);
        list.add(sig(1, MESSAGE));
        assertFalse(s.checkQuorum(MESSAGE, list).isValid(), "an honest aggregator never repeats a signer");
    }

    @Test
    void anUnknownSignerInvalidatesTheSet() {
        ValidatorSet s = set(4, 3);
        List<ValidatorSignature> list = sigs(3, MESSAGE);
        IdentityId outsider = idOf(OUTSIDER);
        list.add(new ValidatorSignature(outsider, Bytes.wrap(OUTSIDER.sign(MESSAGE.toArray()))));
        String reason = reason(s.checkQuorum(MESSAGE, list));
        assertTrue(reason.contains("not a validator of epoch 3"), reason);
    }

    @Test
    void aBadSignatureInvalidatesTheSetEvenBesideAQuorumOfGoodOnes() {
        ValidatorSet s = set(4, 0);
        Hash other = Hashing.sha256("another block".getBytes(StandardCharsets.UTF_8));
        List<ValidatorSignature> list = sigs(3, MESSAGE);
        list.add(sig(3, other));
        String reason = reason(s.checkQuorum(MESSAGE, list));
        assertTrue(reason.contains("bad signature by validator node3"), reason);
    }

    @Test
    void aSignatureMadeWithAnotherValidatorsKeyIsBad() {
        ValidatorSet s = set(4, 0);
        List<ValidatorSignature> list = sigs(2, MESSAGE);
        // node2's slot carries node3's signature.
        list.add(new ValidatorSignature(idOf(KEYS.get(2)), Bytes.wrap(KEYS.get(3).sign(MESSAGE.toArray()))));
        assertTrue(reason(s.checkQuorum(MESSAGE, list)).contains("bad signature by validator node2"));
    }

    static LedgerCertificate certificate(String chainId, long epoch, int signers) {
        LedgerDigest d = new LedgerDigest(chainId, epoch, 12, Hashing.sha256(new byte[] {1}),
                Hashing.sha256(new byte[] {2}), 7, Hashing.sha256(new byte[] {3}), 1_700_000_000_000L);
        Hash signing = LedgerDigest.signingHash(d.encode());
        return LedgerCertificate.of(d, sigs(signers, signing));
    }

    @Test
    void aLedgerCertificateWithAQuorumForTheRightChainAndEpochIsValid() {
        assertEquals(new QuorumCheck.Valid(3), set(4, 5).checkCertificate("chain-1", certificate("chain-1", 5, 3)));
        assertFalse(set(4, 5).checkCertificate("chain-1", certificate("chain-1", 5, 2)).isValid());
    }

    @Test
    void aLedgerCertificateForAnotherChainIsRejected() {
        String reason = reason(set(4, 5).checkCertificate("chain-1", certificate("chain-2", 5, 4)));
        assertTrue(reason.contains("chain chain-2, expected chain-1"), reason);
    }

    @Test
    void aLedgerCertificateForAnotherEpochIsRejected() {
        String reason = reason(set(4, 5).checkCertificate("chain-1", certificate("chain-1", 4, 4)));
        assertTrue(reason.contains("epoch 4") && reason.contains("epoch 5"), reason);
    }

    @Test
    void aLedgerCertificateWhoseSignaturesCoverOtherDigestBytesIsRejected() {
        LedgerCertificate good = certificate("chain-1", 5, 3);
        LedgerDigest other = new LedgerDigest("chain-1", 5, 13, good.digest().blockHash(),
                good.digest().txAccumulatorRoot(), good.digest().txCount(), good.digest().stateRoot(),
                good.digest().timestampMs());
        LedgerCertificate swapped = LedgerCertificate.of(other, good.signatures());
        assertTrue(reason(set(4, 5).checkCertificate("chain-1", swapped)).contains("bad signature"));
    }

    @Test
    void aSetMustBeNonEmptyAndNameEachValidatorOnce() {
        assertThrows(IllegalArgumentException.class, () -> new ValidatorSet(0, List.of()));
        Validator v = set(1, 0).validators().get(0);
        assertThrows(IllegalArgumentException.class, () -> new ValidatorSet(0, List.of(v, v)));
    }

    @Test
    void validatorsKeepTheirOrderAndCanBeLookedUpById() {
        ValidatorSet s = set(7, 0);
        for (int i = 0; i < 7; i++) {
            assertEquals("node" + i, s.validators().get(i).name());
            assertEquals("node" + i, s.get(idOf(KEYS.get(i))).orElseThrow().name());
        }
        assertFalse(s.contains(idOf(OUTSIDER)));
        assertTrue(s.get(idOf(OUTSIDER)).isEmpty());
    }

    /**
     * Property: checkQuorum agrees with a naive reference on random signature lists mixing
     * good, bad, duplicate and unknown signers.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void checkQuorumAgreesWithANaiveReference(long seed) {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(MAX_N);
        ValidatorSet s = set(n, 0);
        Hash other = Hashing.sha256(new byte[] {(byte) seed});
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        List<ValidatorSignature> list = new ArrayList<>();
        int entries = random.nextInt(n + 1);
        for (int i = 0; i < entries; i++) {
            int roll = random.nextInt(30);
            if (roll == 0) {
                list.add(new ValidatorSignature(idOf(OUTSIDER), Bytes.wrap(OUTSIDER.sign(MESSAGE.toArray()))));
            } else if (roll == 1) {
                list.add(sig(order.get(i), other));
            } else if (roll == 2) {
                list.add(sig(order.get(random.nextInt(i + 1)), MESSAGE)); // may repeat an earlier signer
            } else {
                list.add(sig(order.get(i), MESSAGE));
            }
        }

        // Naive reference, straight from the rule: every entry is a distinct member whose
        // signature verifies, and there are at least n - floor((n-1)/3) of them.
        boolean allGood = true;
        Set<Integer> signers = new HashSet<>();
        for (ValidatorSignature vs : list) {
            int index = -1;
            for (int i = 0; i < n; i++) {
                if (idOf(KEYS.get(i)).equals(vs.validator())) {
                    index = i;
                }
            }
            if (index < 0 || !signers.add(index)
                    || !KEYS.get(index).publicKey().verify(MESSAGE.toArray(), vs.signature().toArray())) {
                allGood = false;
            }
        }
        int quorum = n - (n - 1) / 3;
        boolean expected = allGood && signers.size() >= quorum;

        QuorumCheck actual = s.checkQuorum(MESSAGE, list);
        VERDICTS.add(expected);
        assertEquals(expected, actual.isValid(), "seed " + seed + ", n=" + n + ": " + actual);
        if (expected) {
            assertEquals(signers.size(), ((QuorumCheck.Valid) actual).signers());
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 60);
    }

    private static final Set<Boolean> VERDICTS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @org.junit.jupiter.api.AfterAll
    static void theGeneratorProducedBothVerdicts() {
        if (!VERDICTS.isEmpty()) {
            assertEquals(Set.of(true, false), VERDICTS, "the property test must see valid and invalid quorums");
        }
    }
}
