package io.meshledger.node.network;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.meshledger.proto.v1.ErrorDetail;

import java.util.Optional;

/**
 * Peer errors as they cross the wire: a gRPC status with a stable reason code
 * in an {@link ErrorDetail} trailer (never an opaque {@code UNKNOWN}).
 */
final class PeerErrors {
    /** The caller's certificate is not a validator's. */
    static final String PERMISSION_DENIED = "PERMISSION_DENIED";
    /** The call did not come over mutual TLS with a client certificate. */
    static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    /** The peer sent too many messages that do not decode; its stream is closed. */
    static final String MALFORMED_MESSAGE = "MALFORMED_MESSAGE";
    /** The peer was cut off for malformed messages and may not open streams for a while. */
    static final String PEER_CUT_OFF = "PEER_CUT_OFF";
    /** The server is serving as many block fetches as it allows. */
    static final String BUSY = "BUSY";
    /** The block source failed. */
    static final String UNAVAILABLE = "UNAVAILABLE";

    static final Metadata.Key<ErrorDetail> DETAIL_KEY = ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance());

    private PeerErrors() {
    }

    static Metadata trailers(String reason, String message) {
        Metadata trailers = new Metadata();
        trailers.put(DETAIL_KEY, ErrorDetail.newBuilder().setReason(reason).setMessage(message).build());
        return trailers;
    }

    static StatusRuntimeException exception(Status status, String reason, String message) {
        return status.withDescription(message).asRuntimeException(trailers(reason, message));
    }

    /** The reason code carried by a failed call, if the peer sent one. */
    static Optional<String> reason(Throwable t) {
        Metadata trailers = Status.trailersFromThrowable(t);
        if (trailers == null || !trailers.containsKey(DETAIL_KEY)) {
            return Optional.empty();
        }
        return Optional.of(trailers.get(DETAIL_KEY).getReason());
    }
}
