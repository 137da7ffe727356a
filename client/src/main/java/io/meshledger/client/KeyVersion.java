package io.meshledger.client;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hash;

import java.util.Objects;
import java.util.Optional;

/**
 * One version of a state key.
 *
 * @param height  the block that wrote it
 * @param txIndex the position in that block of the transaction that wrote it
 * @param txId    that transaction's id, when the node could name it
 * @param value   the value written, or empty for a deletion
 */
public record KeyVersion(long height, int txIndex, Optional<Hash> txId, Optional<Bytes> value) {
    /** Refuses missing components. */
    public KeyVersion {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(value, "value");
    }

    /** Whether this version deleted the key. */
    public boolean deleted() {
        return value.isEmpty();
    }
}
