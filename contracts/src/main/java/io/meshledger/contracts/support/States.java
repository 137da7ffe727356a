package io.meshledger.contracts.support;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;

/**
 * Decodes a contract's own state values. A value that does not decode means the
 * state was corrupted or written by other code: a broken invariant, so it fails
 * fast (the runtime turns it into {@code CONTRACT_ERROR}) instead of being
 * mistaken for bad input.
 */
public final class States {
    private States() {
    }

    public static <T> T decode(Parser<T> parser, byte[] value, String what) {
        try {
            return parser.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored " + what + " does not decode: " + e.getMessage(), e);
        }
    }
}
