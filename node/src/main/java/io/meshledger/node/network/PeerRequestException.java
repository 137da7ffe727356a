package io.meshledger.node.network;

import io.meshledger.core.identity.IdentityId;

/**
 * A request to a peer failed: it was unreachable, refused, missed the deadline,
 * or answered with something that does not decode.
 */
public final class PeerRequestException extends RuntimeException {
    private final IdentityId peer;
    private final String reason;

    public PeerRequestException(IdentityId peer, String reason, String message, Throwable cause) {
        super("peer " + peer + ": " + reason + ": " + message, cause);
        this.peer = peer;
        this.reason = reason;
    }

    public IdentityId peer() {
        return peer;
    }

    /** A stable code: a gRPC status code name, the peer's reason code, or {@code MALFORMED_MESSAGE}. */
    public String reason() {
        return reason;
    }
}
