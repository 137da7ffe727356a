package io.meshledger.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.protobuf.StatusProto;
import io.meshledger.proto.v1.ErrorDetail;

/** Reads the {@link ErrorDetail} a node puts in every error status. */
final class ErrorDetails {
    private ErrorDetails() {
    }

    static String reasonOf(Throwable error) {
        ErrorDetail detail = detailOf(error);
        return detail == null ? null : detail.getReason();
    }

    /** "REASON: explanation" for a node's error, the status description for other gRPC errors, else null. */
    static String describe(Throwable error) {
        ErrorDetail detail = detailOf(error);
        if (detail != null) {
            return detail.getReason() + ": " + detail.getMessage();
        }
        com.google.rpc.Status status = StatusProto.fromThrowable(error);
        return status == null || status.getMessage().isEmpty() ? null
                : io.grpc.Status.fromCodeValue(status.getCode()).getCode() + ": " + status.getMessage();
    }

    private static ErrorDetail detailOf(Throwable error) {
        com.google.rpc.Status status = StatusProto.fromThrowable(error);
        if (status == null) {
            return null;
        }
        for (Any any : status.getDetailsList()) {
            if (any.is(ErrorDetail.class)) {
                try {
                    return any.unpack(ErrorDetail.class);
                } catch (InvalidProtocolBufferException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
