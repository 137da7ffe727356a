package io.meshledger.node.network;

/**
 * Bytes or a wire message from a peer that do not decode to a valid value:
 * garbage, a missing field, a hash of the wrong length, numbers a record
 * refuses. The only exception {@link ConsensusCodec} decoding throws.
 */
public final class MalformedMessageException extends Exception {
    private final String reason;

    public MalformedMessageException(String reason) {
        super(reason);
        this.reason = reason;
    }

    public MalformedMessageException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    /** What is wrong, for logs and peer scoring. */
    public String reason() {
        return reason;
    }
}
