package io.meshledger.client;

import java.util.Objects;

/**
 * One metadata pair of a dataset or record; contracts keep pairs in the order given and refuse duplicate keys.
 *
 * @param key   the key
 * @param value the value
 */
public record Metadata(String key, String value) {
    /** Refuses a missing key or value. */
    public Metadata {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
