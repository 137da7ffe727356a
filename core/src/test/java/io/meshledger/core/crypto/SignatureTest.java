package io.meshledger.core.crypto;

import io.meshledger.core.testing.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties every supported signature scheme must have, checked for each one. */
class SignatureTest {
    private static final byte[] MESSAGE = "transfer 10 to org2".getBytes(StandardCharsets.UTF_8);
    private static final Map<SignatureAlgorithm, SigningKey> KEYS = new EnumMap<>(SignatureAlgorithm.class);
    private static final Map<SignatureAlgorithm, SigningKey> OTHER_KEYS = new EnumMap<>(SignatureAlgorithm.class);

    static {
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            KEYS.put(a, SigningKey.generate(a, Seeded.secureRandom(a.ordinal())));
            OTHER_KEYS.put(a, SigningKey.generate(a, Seeded.secureRandom(100 + a.ordinal())));
        }
    }

    static byte[] flipBit(byte[] in, int bit) {
        byte[] out = in.clone();
        out[bit / 8] ^= (byte) (1 << (bit % 8));
        return out;
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void aSignatureVerifiesUnderTheSignersPublicKey(SignatureAlgorithm algorithm) {
        SigningKey key = KEYS.get(algorithm);
        assertEquals(algorithm, key.algorithm());
        assertEquals(algorithm, key.publicKey().algorithm());
        assertTrue(key.publicKey().verify(MESSAGE, key.sign(MESSAGE)));
        assertTrue(key.publicKey().verify(new byte[0], key.sign(new byte[0])), "the empty message can be signed too");
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void flippingAnyBitOfTheMessageMakesTheSignatureFail(SignatureAlgorithm algorithm) {
        SigningKey key = KEYS.get(algorithm);
        byte[] sig = key.sign(MESSAGE);
        for (int bit = 0; bit < MESSAGE.length * 8; bit++) {
            assertFalse(key.publicKey().verify(flipBit(MESSAGE, bit), sig), "message bit " + bit);
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void flippingAnyBitOfTheSignatureMakesItFail(SignatureAlgorithm algorithm) {
        SigningKey key = KEYS.get(algorithm);
        byte[] sig = key.sign(MESSAGE);
        for (int bit = 0; bit < sig.length * 8; bit++) {
            assertFalse(key.publicKey().verify(MESSAGE, flipBit(sig, bit)), "signature bit " + bit);
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void aSignatureDoesNotVerifyUnderAnotherKeyOfTheSameAlgorithm(SignatureAlgorithm algorithm) {
        byte[] sig = KEYS.get(algorithm).sign(MESSAGE);
        assertNotEquals(KEYS.get(algorithm).publicKey(), OTHER_KEYS.get(algorithm).publicKey());
        assertFalse(OTHER_KEYS.get(algorithm).publicKey().verify(MESSAGE, sig));
    }

    @Test
    void aSignatureDoesNotVerifyUnderAKeyOfTheOtherAlgorithm() {
        byte[] ed = KEYS.get(SignatureAlgorithm.ED25519).sign(MESSAGE);
        byte[] ec = KEYS.get(SignatureAlgorithm.ECDSA_P256).sign(MESSAGE);
        assertFalse(KEYS.get(SignatureAlgorithm.ECDSA_P256).publicKey().verify(MESSAGE, ed));
        assertFalse(KEYS.get(SignatureAlgorithm.ED25519).publicKey().verify(MESSAGE, ec));
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void everyTruncationOfASignatureIsRejectedWithoutThrowing(SignatureAlgorithm algorithm) {
        SigningKey key = KEYS.get(algorithm);
        byte[] sig = key.sign(MESSAGE);
        for (int len = 0; len < sig.length; len++) {
            assertFalse(key.publicKey().verify(MESSAGE, Arrays.copyOf(sig, len)), "first " + len + " bytes");
        }
        byte[] longer = Arrays.copyOf(sig, sig.length + 1);
        assertFalse(key.publicKey().verify(MESSAGE, longer), "a trailing byte");
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void emptyAndGarbageSignaturesAreRejectedWithoutThrowing(SignatureAlgorithm algorithm) {
        PublicKeyInfo pub = KEYS.get(algorithm).publicKey();
        assertFalse(pub.verify(MESSAGE, new byte[0]));
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 0xff);
        assertFalse(pub.verify(MESSAGE, ones));
        assertFalse(pub.verify(MESSAGE, new byte[64]));
        assertFalse(pub.verify(MESSAGE, new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01}), "r = 0");
        assertFalse(pub.verify(MESSAGE, new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, (byte) 0xff}), "s < 0");
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            assertFalse(pub.verify(MESSAGE, Seeded.bytes(random, random.nextInt(100))));
        }
    }

    /** Property: whatever is done to a valid signature, verification answers false and never throws. */
    @ParameterizedTest
    @MethodSource("algorithmsAndSeeds")
    void randomlyMutatedSignaturesAreRejectedWithoutThrowing(SignatureAlgorithm algorithm, long seed) {
        Random random = new Random(seed);
        SigningKey key = KEYS.get(algorithm);
        byte[] message = Seeded.bytes(random, random.nextInt(64));
        byte[] sig = key.sign(message);
        for (int i = 0; i < 25; i++) {
            byte[] bad = sig.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                bad = Arrays.copyOf(bad, random.nextInt(bad.length + 3));
            }
            if (Arrays.equals(bad, sig)) {
                continue;
            }
            assertFalse(key.publicKey().verify(message, bad), "mutation " + i + " of seed " + seed);
        }
    }

    static Stream<Arguments> algorithmsAndSeeds() {
        return Arrays.stream(SignatureAlgorithm.values()).flatMap(a -> LongStream.range(0, 20)
                .mapToObj(s -> Arguments.of(a, s)));
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void signingIsDeterministic(SignatureAlgorithm algorithm) {
        SigningKey key = KEYS.get(algorithm);
        assertArrayEquals(key.sign(MESSAGE), key.sign(MESSAGE));
    }

    /** Cross-check against an independent implementation: the JDK's own providers. */
    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void theJdkVerifiesOurSignaturesWithOurEncodedPublicKey(SignatureAlgorithm algorithm) throws Exception {
        SigningKey key = KEYS.get(algorithm);
        PublicKey jdkKey = jdkPublicKey(key.publicKey());
        Signature jdk = Signature.getInstance(algorithm == SignatureAlgorithm.ED25519 ? "Ed25519" : "SHA256withECDSA");
        jdk.initVerify(jdkKey);
        jdk.update(MESSAGE);
        assertTrue(jdk.verify(key.sign(MESSAGE)));
        assertEquals(key.publicKey(), PublicKeyInfo.fromJca(jdkKey));
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void weVerifySignaturesMadeByTheJdk(SignatureAlgorithm algorithm) throws Exception {
        var gen = java.security.KeyPairGenerator.getInstance(algorithm == SignatureAlgorithm.ED25519 ? "Ed25519" : "EC");
        if (algorithm == SignatureAlgorithm.ECDSA_P256) {
            gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), Seeded.secureRandom(5));
        }
        var pair = gen.generateKeyPair();
        PublicKeyInfo pub = PublicKeyInfo.fromJca(pair.getPublic());
        assertEquals(algorithm, pub.algorithm());
        Signature jdk = Signature.getInstance(algorithm == SignatureAlgorithm.ED25519 ? "Ed25519" : "SHA256withECDSA");
        // The JDK does not normalise ECDSA to low-S, so about half its signatures break our rule.
        java.security.SecureRandom nonces = Seeded.secureRandom(6);
        int accepted = 0;
        int highS = 0;
        for (int i = 0; i < 40; i++) {
            byte[] msg = (i + ": signed by the JDK").getBytes(StandardCharsets.UTF_8);
            jdk.initSign(pair.getPrivate(), nonces);
            jdk.update(msg);
            byte[] sig = jdk.sign();
            if (algorithm == SignatureAlgorithm.ECDSA_P256 && EcdsaSignatureTest.isHighS(sig)) {
                assertFalse(pub.verify(msg, sig), "high-S signature " + i + " from the JDK");
                highS++;
            } else {
                assertTrue(pub.verify(msg, sig), "signature " + i + " from the JDK");
                accepted++;
            }
        }
        assertTrue(accepted > 0, "some JDK signatures must verify");
        if (algorithm == SignatureAlgorithm.ECDSA_P256) {
            assertTrue(highS > 0, "the seed should produce some high-S JDK signatures");
        }
    }

    @Test
    void everyEcdsaSignatureWeMakeIsInLowSForm() {
        SigningKey key = KEYS.get(SignatureAlgorithm.ECDSA_P256);
        IntStream.range(0, 200).forEach(i -> {
            byte[] sig = key.sign(("message " + i).getBytes(StandardCharsets.UTF_8));
            assertFalse(EcdsaSignatureTest.isHighS(sig), "signature " + i);
        });
    }

    static PublicKey jdkPublicKey(PublicKeyInfo key) throws Exception {
        String alg = key.algorithm() == SignatureAlgorithm.ED25519 ? "Ed25519" : "EC";
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(key.encoded().toArray()));
    }
}
