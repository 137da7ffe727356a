package io.meshledger.client;

import io.meshledger.core.Bytes;

import java.util.Objects;

/**
 * A present state key and its value, from a scan.
 *
 * @param key   the key within its contract's namespace
 * @param value its value
 */
public record StateEntry(Bytes key, Bytes value) {
    /** Refuses a missing key or value. */
    public StateEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
