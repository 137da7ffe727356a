package io.meshledger.node.network;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.CryptoException;
import io.meshledger.core.crypto.PublicKeyInfo;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.node.config.PemFiles;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Objects;

/**
 * The certificate and private key a node presents in TLS handshakes, as JCA
 * objects, with the identity they prove.
 *
 * @param id          fingerprint of {@code certificate}'s DER encoding
 * @param privateKey  the key matching the certificate's public key
 * @param certificate the node certificate issued by its organisation's CA
 */
public record PeerCredentials(IdentityId id, PrivateKey privateKey, X509Certificate certificate) {
    public PeerCredentials {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** Reads a PEM certificate and a PKCS#8 PEM key, as {@code network init} writes them for a node. */
    public static PeerCredentials load(Path certificatePem, Path keyPem) {
        return of(PemFiles.readPrivateKey(keyPem), Bytes.wrap(PemFiles.readCertificate(certificatePem)));
    }

    /** Converts a key and a DER certificate; refuses a key that does not match the certificate. */
    public static PeerCredentials of(SigningKey key, Bytes certificateDer) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificateDer.unsafeArray()));
            if (!PublicKeyInfo.fromJca(certificate.getPublicKey()).equals(key.publicKey())) {
                throw new CryptoException("private key does not match certificate " + certificate.getSubjectX500Principal());
            }
            String algorithm = switch (key.algorithm()) {
                case ED25519 -> "Ed25519";
                case ECDSA_P256 -> "EC";
            };
            PrivateKey privateKey = KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(key.toPkcs8()));
            return new PeerCredentials(IdentityId.ofCertificate(certificateDer.unsafeArray()), privateKey, certificate);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new CryptoException("cannot use key and certificate for TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PeerCredentials[" + id + ", " + certificate.getSubjectX500Principal() + "]";
    }
}
