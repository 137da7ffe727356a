package io.meshledger.node.storage;

import io.meshledger.core.Bytes;

import java.util.Objects;

/**
 * One version of a state key: its value (null for a deletion) and the
 * transaction that wrote it.
 *
 * @param height  block of the writing transaction
 * @param txIndex its position in that block
 */
public record StoredValue(Bytes key, Bytes value, long height, int txIndex) {
    public StoredValue {
        Objects.requireNonNull(key, "key");
    }

    public boolean deletion() {
        return value == null;
    }
}
