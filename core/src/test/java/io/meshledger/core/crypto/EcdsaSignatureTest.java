package io.meshledger.core.crypto;

import io.meshledger.core.testing.Seeded;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Signature;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ECDSA P-256 rules beyond plain validity: one encoding per signature, low-S only. */
class EcdsaSignatureTest {
    private static final BigInteger N = SECNamedCurves.getByName("secp256r1").getN();
    private static final byte[] MESSAGE = "ledger digest 42".getBytes(StandardCharsets.UTF_8);
    private static final SigningKey KEY = SigningKey.generate(SignatureAlgorithm.ECDSA_P256, Seeded.secureRandom(11));

    static BigInteger[] rs(byte[] der) {
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        return new BigInteger[] {
                ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()};
    }

    static boolean isHighS(byte[] der) {
        return rs(der)[1].compareTo(N.shiftRight(1)) > 0;
    }

    static byte[] der(BigInteger r, BigInteger s) throws Exception {
        return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded("DER");
    }

    private static boolean jdkVerifies(byte[] sig) throws Exception {
        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initVerify(SignatureTest.jdkPublicKey(KEY.publicKey()));
        jdk.update(MESSAGE);
        return jdk.verify(sig);
    }

    @Test
    void theHighSTwinOfAValidSignatureIsRejectedThoughItIsMathematicallyValid() throws Exception {
        byte[] low = KEY.sign(MESSAGE);
        BigInteger[] rs = rs(low);
        byte[] high = der(rs[0], N.subtract(rs[1]));
        assertTrue(isHighS(high));
        assertTrue(jdkVerifies(high), "the twin is a valid ECDSA signature by the plain definition");
        assertTrue(KEY.publicKey().verify(MESSAGE, low));
        assertFalse(KEY.publicKey().verify(MESSAGE, high));
    }

    @Test
    void aSequenceLengthInLongFormIsRejectedAsNonCanonicalDer() throws Exception {
        byte[] sig = KEY.sign(MESSAGE);
        // 30 LL body  ->  30 81 LL body: the same value in BER, not DER.
        ByteArrayOutputStream ber = new ByteArrayOutputStream();
        ber.write(0x30);
        ber.write(0x81);
        ber.write(sig[1]);
        ber.write(sig, 2, sig.length - 2);
        byte[] longForm = ber.toByteArray();
        assertTrue(KEY.publicKey().verify(MESSAGE, sig));
        assertFalse(KEY.publicKey().verify(MESSAGE, longForm));
    }

    @Test
    void anIntegerWithASuperfluousLeadingZeroIsRejectedAsNonCanonicalDer() throws Exception {
        byte[] sig = KEY.sign(MESSAGE);
        BigInteger[] rs = rs(sig);
        byte[] r = new ASN1Integer(rs[0]).getEncoded("DER");
        byte[] s = new ASN1Integer(rs[1]).getEncoded("DER");
        // Re-encode s with one more leading zero byte than minimal.
        byte[] sContent = java.util.Arrays.copyOfRange(s, 2, s.length);
        ByteArrayOutputStream padded = new ByteArrayOutputStream();
        padded.write(0x30);
        padded.write(r.length + 2 + sContent.length + 1);
        padded.write(r);
        padded.write(0x02);
        padded.write(sContent.length + 1);
        padded.write(0x00);
        padded.write(sContent);
        assertFalse(KEY.publicKey().verify(MESSAGE, padded.toByteArray()));
    }

    @Test
    void trailingBytesAfterTheDerSequenceAreRejected() {
        byte[] sig = KEY.sign(MESSAGE);
        byte[] trailing = java.util.Arrays.copyOf(sig, sig.length + 2);
        assertFalse(KEY.publicKey().verify(MESSAGE, trailing));
    }

    @Test
    void aSequenceOfThreeIntegersIsRejected() throws Exception {
        BigInteger[] rs = rs(KEY.sign(MESSAGE));
        byte[] three = new DERSequence(new ASN1Integer[] {
                new ASN1Integer(rs[0]), new ASN1Integer(rs[1]), new ASN1Integer(1)}).getEncoded("DER");
        assertFalse(KEY.publicKey().verify(MESSAGE, three));
    }

    @Test
    void rOrSAtOrAboveTheGroupOrderIsRejected() throws Exception {
        BigInteger[] rs = rs(KEY.sign(MESSAGE));
        assertFalse(KEY.publicKey().verify(MESSAGE, der(rs[0].add(N), rs[1])));
        assertFalse(KEY.publicKey().verify(MESSAGE, der(N, rs[1])));
        assertFalse(KEY.publicKey().verify(MESSAGE, der(rs[0], N)));
    }
}
