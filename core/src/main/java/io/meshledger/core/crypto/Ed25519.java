package io.meshledger.core.crypto;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 verification through Bouncy Castle's lightweight API. */
final class Ed25519 {
    static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {
    }

    static boolean verify(Ed25519PublicKeyParameters key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        // Ed25519PublicKeyParameters.verify is stateless and thread-safe, unlike Ed25519Signer.
        return key.verify(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null,
                message, 0, message.length, signature, 0);
    }

    static Ed25519Signer newSigner() {
        return new Ed25519Signer();
    }
}
