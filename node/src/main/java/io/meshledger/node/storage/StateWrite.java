package io.meshledger.node.storage;

import io.meshledger.core.Bytes;

import java.util.Objects;

/**
 * One write a committed transaction made to contract state: a new value, or a
 * deletion ({@code value} null). Kept per transaction so the key's history names
 * the transaction behind every version.
 *
 * @param txIndex position in the block of the transaction that wrote it
 */
public record StateWrite(String contract, Bytes key, Bytes value, int txIndex) {
    public StateWrite {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(key, "key");
        if (txIndex < 0) {
            throw new IllegalArgumentException("txIndex " + txIndex);
        }
    }

    public boolean deletion() {
        return value == null;
    }
}
