package io.meshledger.core.crypto;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.io.IOException;
import java.security.SecureRandom;

/**
 * A private key that signs. Ed25519 signing is deterministic (RFC 8032); ECDSA
 * uses deterministic nonces (RFC 6979) and low-S form. Thread-safe.
 */
public final class SigningKey implements Signer {
    private final SignatureAlgorithm algorithm;
    private final AsymmetricKeyParameter privateKey;
    private final PublicKeyInfo publicKey;

    private SigningKey(SignatureAlgorithm algorithm, AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey) {
        this.algorithm = algorithm;
        this.privateKey = privateKey;
        try {
            this.publicKey = PublicKeyInfo.fromSubjectPublicKeyInfo(
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded("DER"));
        } catch (IOException e) {
            throw new CryptoException("cannot encode public key", e);
        }
    }

    /** A fresh key from {@code random}. */
    public static SigningKey generate(SignatureAlgorithm algorithm, SecureRandom random) {
        AsymmetricCipherKeyPair pair = switch (algorithm) {
            case ED25519 -> {
                Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
                g.init(new Ed25519KeyGenerationParameters(random));
                yield g.generateKeyPair();
            }
            case ECDSA_P256 -> {
                ECKeyPairGenerator g = new ECKeyPairGenerator();
                g.init(new ECKeyGenerationParameters(Ecdsa.DOMAIN, random));
                yield g.generateKeyPair();
            }
        };
        return new SigningKey(algorithm, pair.getPrivate(), pair.getPublic());
    }

    /** Decodes a PKCS#8 PrivateKeyInfo (DER). */
    public static SigningKey fromPkcs8(byte[] der) {
        try {
            AsymmetricKeyParameter p = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(der));
            if (p instanceof Ed25519PrivateKeyParameters ed) {
                return new SigningKey(SignatureAlgorithm.ED25519, ed, ed.generatePublicKey());
            }
            if (p instanceof ECPrivateKeyParameters ec && Ecdsa.isP256(ec.getParameters())) {
                var q = Ecdsa.DOMAIN.getG().multiply(ec.getD()).normalize();
                return new SigningKey(SignatureAlgorithm.ECDSA_P256, ec,
                        new org.bouncycastle.crypto.params.ECPublicKeyParameters(q, Ecdsa.DOMAIN));
            }
            throw new CryptoException("unsupported private key type " + p.getClass().getSimpleName());
        } catch (CryptoException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports malformed or unknown encodings with assorted unchecked
            // exceptions (NullPointerException for an unknown curve OID, bare RuntimeException).
            throw new CryptoException("not a PKCS#8 private key: " + e, e);
        }
    }

    /** PKCS#8 PrivateKeyInfo (DER). */
    public byte[] toPkcs8() {
        try {
            if (privateKey instanceof Ed25519PrivateKeyParameters ed) {
                // Plain PKCS#8 v1 (RFC 8410) without the optional public key: OpenSSL 3.0 cannot read the v2 form.
                return new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                        new DEROctetString(ed.getEncoded())).getEncoded("DER");
            }
            return PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey).getEncoded("DER");
        } catch (IOException e) {
            throw new CryptoException("cannot encode private key", e);
        }
    }

    @Override
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public PublicKeyInfo publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        return switch (algorithm) {
            case ED25519 -> {
                byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
                ((Ed25519PrivateKeyParameters) privateKey).sign(Ed25519.Algorithm.Ed25519, null,
                        message, 0, message.length, sig, 0);
                yield sig;
            }
            case ECDSA_P256 -> Ecdsa.sign((ECPrivateKeyParameters) privateKey, message);
        };
    }

    @Override
    public String toString() {
        return "SigningKey[" + publicKey + "]";
    }
}
