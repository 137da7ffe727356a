package io.meshledger.core.proof;

import io.meshledger.core.Bytes;

import java.util.Objects;
import java.util.Optional;

/**
 * A state entry proven at a certified height: the key holds {@code value}, or
 * (empty) is proven absent.
 */
public record ProvenEntry(String contract, Bytes key, Optional<Bytes> value) {
    public ProvenEntry {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public boolean present() {
        return value.isPresent();
    }
}
