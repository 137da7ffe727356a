package io.meshledger.core.crypto;

import java.util.Objects;

/** One signature to check: who, over what, the signature. */
public record SignatureCheck(Verifier verifier, byte[] message, byte[] signature) {
    public SignatureCheck {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
    }

    public boolean verify() {
        return verifier.verify(message, signature);
    }
}
