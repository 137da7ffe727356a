package io.meshledger.client;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.CryptoException;
import io.meshledger.core.crypto.PublicKeyInfo;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.identity.Certificates;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.Sender;
import org.bouncycastle.asn1.ASN1Encoding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A publisher's or auditor's signing identity: a certificate issued by a
 * member organisation's CA and the matching private key.
 *
 * @param certificate the certificate (DER), sent with each transaction
 * @param key         the private key
 */
public record ClientIdentity(Bytes certificate, SigningKey key) {
    /** Refuses a key that does not match the certificate's public key. */
    public ClientIdentity {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        PublicKeyInfo certified;
        try {
            certified = PublicKeyInfo.fromSubjectPublicKeyInfo(
                    Certificates.parse(certificate.unsafeArray()).getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new CryptoException("cannot read the certificate's public key", e);
        }
        if (!certified.equals(key.publicKey())) {
            throw new IllegalArgumentException("the private key does not match the certificate");
        }
    }

    /**
     * Loads {@code cert.pem} and {@code key.pem} from a user directory as written by
     * {@code network init} ({@code D/orgs/<org>/users/<user>/}).
     */
    public static ClientIdentity load(Path userDir) {
        return new ClientIdentity(Bytes.wrap(Certificates.fromPem(Certificates.CERTIFICATE, read(userDir.resolve("cert.pem")))),
                SigningKey.fromPkcs8(Certificates.fromPem(Certificates.PRIVATE_KEY, read(userDir.resolve("key.pem")))));
    }

    /** The identity id: SHA-256 fingerprint of the certificate. */
    public IdentityId id() {
        return IdentityId.ofCertificate(certificate.unsafeArray());
    }

    /** The sender field naming this identity by its full certificate. */
    public Sender sender() {
        return new Sender.Certificate(certificate);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
