package io.meshledger.node.api;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.meshledger.node.mempool.RejectReason;
import io.meshledger.proto.v1.ErrorDetail;

/**
 * Builds the errors that cross the wire: a gRPC status whose details carry an
 * {@link ErrorDetail} with a stable reason code, never an opaque UNKNOWN.
 */
public final class ErrorStatus {
    /** Reason codes the API uses besides the admission ones. */
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
    public static final String TIMEOUT = "TIMEOUT";
    public static final String UNAVAILABLE = "UNAVAILABLE";

    private ErrorStatus() {
    }

    public static StatusRuntimeException of(Status.Code code, String reason, String message) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(reason + ": " + message)
                .addDetails(Any.pack(ErrorDetail.newBuilder().setReason(reason).setMessage(message).build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /** The error for a transaction admission refused. */
    public static StatusRuntimeException rejected(RejectReason reason, String message) {
        return of(codeOf(reason), reason.name(), message);
    }

    /** The gRPC code that fits a rejection best; clients should match on the reason in the details. */
    public static Status.Code codeOf(RejectReason reason) {
        return switch (reason) {
            case INVALID_SIGNATURE, MALFORMED, WRONG_CHAIN, EXPIRED -> Status.Code.INVALID_ARGUMENT;
            case PAYLOAD_TOO_LARGE -> Status.Code.OUT_OF_RANGE;
            case DUPLICATE -> Status.Code.ALREADY_EXISTS;
            case UNKNOWN_IDENTITY -> Status.Code.UNAUTHENTICATED;
            case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
        };
    }
}
