package io.meshledger.core.crypto;

import io.meshledger.core.testing.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyEncodingTest {

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void aPkcs8RoundTripKeepsThePublicKeyAndTheSignatures(SignatureAlgorithm algorithm) {
        SigningKey key = SigningKey.generate(algorithm, Seeded.secureRandom(21));
        SigningKey reloaded = SigningKey.fromPkcs8(key.toPkcs8());
        assertEquals(algorithm, reloaded.algorithm());
        assertEquals(key.publicKey(), reloaded.publicKey());
        assertEquals(key.publicKey().encoded(), reloaded.publicKey().encoded());
        assertArrayEquals(key.toPkcs8(), reloaded.toPkcs8());
        byte[] msg = {9, 8, 7};
        assertArrayEquals(key.sign(msg), reloaded.sign(msg), "both schemes sign deterministically");
        assertTrue(key.publicKey().verify(msg, reloaded.sign(msg)));
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void aPublicKeyRoundTripsThroughItsSubjectPublicKeyInfo(SignatureAlgorithm algorithm) {
        PublicKeyInfo pub = SigningKey.generate(algorithm, Seeded.secureRandom(22)).publicKey();
        PublicKeyInfo decoded = PublicKeyInfo.fromSubjectPublicKeyInfo(pub.encoded().toArray());
        assertEquals(pub, decoded);
        assertEquals(algorithm, decoded.algorithm());
    }

    @Test
    void theP256PublicKeyNamesItsCurveByOid() {
        PublicKeyInfo pub = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, Seeded.secureRandom(23)).publicKey();
        var spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(pub.encoded().toArray());
        assertEquals(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1,
                spki.getAlgorithm().getParameters(), "named curve, not explicit parameters");
    }

    @Test
    void aP384KeyIsRefusedAsUnsupported() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp384r1"), Seeded.secureRandom(24));
        var pair = gen.generateKeyPair();
        assertThrows(CryptoException.class, () -> PublicKeyInfo.fromJca(pair.getPublic()));
        assertThrows(CryptoException.class, () -> SigningKey.fromPkcs8(pair.getPrivate().getEncoded()));
    }

    @Test
    void emptyOrGarbageKeyEncodingsAreRefusedWithCryptoException() {
        assertThrows(CryptoException.class, () -> SigningKey.fromPkcs8(new byte[0]));
        assertThrows(CryptoException.class, () -> SigningKey.fromPkcs8(new byte[] {1, 2, 3, 4}));
        assertThrows(CryptoException.class, () -> PublicKeyInfo.fromSubjectPublicKeyInfo(new byte[0]));
        assertThrows(CryptoException.class, () -> PublicKeyInfo.fromSubjectPublicKeyInfo(new byte[] {0x30, 0x00}));
    }

    /** Property: a corrupted key encoding either still decodes or fails with CryptoException, never anything else. */
    @ParameterizedTest
    @MethodSource("algorithmsAndSeeds")
    void corruptedKeyEncodingsFailOnlyWithCryptoException(SignatureAlgorithm algorithm, long seed) {
        Random random = new Random(seed);
        SigningKey key = SigningKey.generate(algorithm, Seeded.secureRandom(seed));
        byte[][] encodings = {key.toPkcs8(), key.publicKey().encoded().toArray()};
        for (int i = 0; i < 20; i++) {
            for (int which = 0; which < 2; which++) {
                byte[] bad = encodings[which].clone();
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                if (random.nextBoolean()) {
                    bad = Arrays.copyOf(bad, random.nextInt(bad.length));
                }
                byte[] input = bad;
                try {
                    if (which == 0) {
                        SigningKey.fromPkcs8(input);
                    } else {
                        PublicKeyInfo.fromSubjectPublicKeyInfo(input);
                    }
                } catch (CryptoException expected) {
                    // the one allowed failure
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + seed + " mutation " + i + " of "
                            + (which == 0 ? "PKCS#8" : "SPKI") + " threw " + e, e);
                }
            }
        }
    }

    static Stream<Arguments> algorithmsAndSeeds() {
        return Arrays.stream(SignatureAlgorithm.values()).flatMap(a -> LongStream.range(0, 15)
                .mapToObj(s -> Arguments.of(a, s)));
    }
}
