package io.meshledger.core.identity;

import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.Signer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * Adapts a {@link Signer} to Bouncy Castle's certificate builder, so certificates
 * are signed by the same lightweight code as everything else (no JCA provider).
 */
final class KeyContentSigner implements ContentSigner {
    private final Signer signer;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    KeyContentSigner(Signer signer) {
        this.signer = signer;
    }

    static AlgorithmIdentifier algorithmIdentifier(SignatureAlgorithm algorithm) {
        return new AlgorithmIdentifier(oid(algorithm));
    }

    static ASN1ObjectIdentifier oid(SignatureAlgorithm algorithm) {
        return switch (algorithm) {
            case ED25519 -> EdECObjectIdentifiers.id_Ed25519;
            case ECDSA_P256 -> X9ObjectIdentifiers.ecdsa_with_SHA256;
        };
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithmIdentifier(signer.algorithm());
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        return signer.sign(buffer.toByteArray());
    }
}
