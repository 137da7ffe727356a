package io.meshledger.client;

import io.meshledger.core.Bytes;

import java.util.Objects;

/**
 * What a read-only contract call returned.
 *
 * @param result the method's result bytes
 * @param height the committed height whose state it read
 */
public record CallResult(Bytes result, long height) {
    /** Refuses a missing result. */
    public CallResult {
        Objects.requireNonNull(result, "result");
    }
}
