package io.meshledger.core.crypto;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

import java.io.IOException;
import java.math.BigInteger;

/** ECDSA P-256 / SHA-256 through Bouncy Castle's lightweight API; DER signatures, low-S enforced. */
final class Ecdsa {
    static final X9ECParameters P256 = SECNamedCurves.getByName("secp256r1");
    // Named (by OID), not explicit parameters: TLS stacks and most X.509 tools accept only named curves.
    static final ECDomainParameters DOMAIN = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, P256);
    private static final BigInteger HALF_ORDER = DOMAIN.getN().shiftRight(1);

    private Ecdsa() {
    }

    static boolean isP256(ECDomainParameters params) {
        return params.getCurve().equals(DOMAIN.getCurve()) && params.getG().equals(DOMAIN.getG());
    }

    static boolean verify(ECPublicKeyParameters key, byte[] message, byte[] signature) {
        return verify(key, message, signature, true);
    }

    /**
     * @param requireLowS refuse high-S signatures, the malleable twins of valid
     *                    ones, so a signature cannot be altered without the key;
     *                    off only for certificates issued by other tools
     */
    static boolean verify(ECPublicKeyParameters key, byte[] message, byte[] signature, boolean requireLowS) {
        BigInteger[] rs = decode(signature);
        if (rs == null || (requireLowS && rs[1].compareTo(HALF_ORDER) > 0)) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(digest(message), rs[0], rs[1]);
    }

    static byte[] sign(ECPrivateKeyParameters key, byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(digest(message));
        BigInteger s = rs[1].compareTo(HALF_ORDER) > 0 ? DOMAIN.getN().subtract(rs[1]) : rs[1];
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(s)}).getEncoded("DER");
        } catch (IOException e) {
            throw new CryptoException("cannot encode ECDSA signature", e);
        }
    }

    private static byte[] digest(byte[] message) {
        return Hashing.sha256(message).unsafeArray();
    }

    private static BigInteger[] decode(byte[] signature) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(signature);
            if (seq.size() != 2) {
                return null;
            }
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            byte[] reencoded = new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded("DER");
            // Only canonical DER is accepted: a BER variant would be another valid encoding of the same signature.
            if (!java.util.Arrays.equals(reencoded, signature) || r.signum() <= 0 || s.signum() <= 0) {
                return null;
            }
            return new BigInteger[] {r, s};
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }
}
