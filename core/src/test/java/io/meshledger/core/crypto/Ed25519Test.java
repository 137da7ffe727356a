package io.meshledger.core.crypto;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ed25519Test {
    private static final HexFormat HEX = HexFormat.of();
    /** The order of the Ed25519 base point (RFC 8032, section 5.1). */
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    static byte[] pkcs8(byte[] secret) throws Exception {
        return new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                new DEROctetString(secret)).getEncoded("DER");
    }

    static byte[] rawPublicKey(PublicKeyInfo key) {
        return SubjectPublicKeyInfo.getInstance(key.encoded().toArray()).getPublicKeyData().getBytes();
    }

    /** RFC 8032 section 7.1, TEST 1 (empty message), TEST 2 (one byte) and TEST 3 (two bytes). */
    @ParameterizedTest(name = "RFC 8032 test {0}")
    @CsvSource({
            "1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
                    + " d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
                    + " e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            "2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
                    + " 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
                    + " 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            "3, c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
                    + " fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82,"
                    + " 6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    })
    void aKeyLoadedFromPkcs8ReproducesTheRfc8032TestVector(int test, String secret, String publicKey, String message,
                                                            String signature) throws Exception {
        SigningKey key = SigningKey.fromPkcs8(pkcs8(HEX.parseHex(secret)));
        assertEquals(SignatureAlgorithm.ED25519, key.algorithm());
        assertEquals(publicKey, HEX.formatHex(rawPublicKey(key.publicKey())));
        byte[] msg = HEX.parseHex(message);
        assertEquals(signature, HEX.formatHex(key.sign(msg)));
        assertTrue(key.publicKey().verify(msg, HEX.parseHex(signature)));
    }

    @Test
    void aSignatureWhoseSIsIncreasedByTheGroupOrderIsRejected() throws Exception {
        SigningKey key = SigningKey.fromPkcs8(pkcs8(HEX.parseHex(
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));
        byte[] sig = key.sign(new byte[0]);
        byte[] sLittleEndian = java.util.Arrays.copyOfRange(sig, 32, 64);
        BigInteger s = new BigInteger(1, reverse(sLittleEndian));
        byte[] malleated = sig.clone();
        byte[] sPlusL = reverse(toFixed32(s.add(L)));
        System.arraycopy(sPlusL, 0, malleated, 32, 32);
        assertTrue(key.publicKey().verify(new byte[0], sig));
        assertFalse(key.publicKey().verify(new byte[0], malleated), "S must be reduced below L (RFC 8032 5.1.7)");
    }

    @Test
    void pkcs8IsThePlainVersionOneFormWithoutThePublicKey() throws Exception {
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, io.meshledger.core.testing.Seeded.secureRandom(3));
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.toPkcs8());
        assertEquals(0, info.getVersion().intValueExact(), "version must be v1 (0)");
        assertFalse(info.hasPublicKey(), "the optional public key field must be absent");
        assertEquals(EdECObjectIdentifiers.id_Ed25519, info.getPrivateKeyAlgorithm().getAlgorithm());
        assertArrayEquals(pkcs8(((DEROctetString) info.parsePrivateKey()).getOctets()), key.toPkcs8(),
                "exactly the RFC 8410 encoding");
    }

    @Test
    void theJdkReadsOurPkcs8AndDerivesTheSamePublicKey() throws Exception {
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, io.meshledger.core.testing.Seeded.secureRandom(4));
        var jdkPrivate = java.security.KeyFactory.getInstance("Ed25519")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.toPkcs8()));
        var jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initSign(jdkPrivate);
        jdk.update(new byte[] {1, 2, 3});
        assertArrayEquals(key.sign(new byte[] {1, 2, 3}), jdk.sign(), "Ed25519 is deterministic, so both must agree");
    }

    private static byte[] reverse(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }

    private static byte[] toFixed32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }
}
