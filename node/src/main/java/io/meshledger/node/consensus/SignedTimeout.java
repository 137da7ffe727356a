package io.meshledger.node.consensus;

import io.meshledger.core.block.ValidatorSignature;

import java.util.Objects;

/** One validator's signed timeout. */
public record SignedTimeout(TimeoutData data, ValidatorSignature signature) {
    public SignedTimeout {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
    }
}
