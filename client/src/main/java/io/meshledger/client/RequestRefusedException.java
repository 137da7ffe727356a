package io.meshledger.client;

import io.grpc.Status;

/**
 * A node answered a request with a refusal: a transaction not admitted
 * ({@code INVALID_SIGNATURE}, {@code EXPIRED}, ...), a read the caller may not
 * make ({@code PERMISSION_DENIED}), something that does not exist
 * ({@code NOT_FOUND}). Sending the same request again gets the same answer.
 */
public final class RequestRefusedException extends MeshledgerException {
    private final Status.Code code;

    /**
     * A refusal from a node.
     *
     * @param reason  the node's stable reason code
     * @param code    the gRPC status code it came with
     * @param message the node's explanation
     * @param cause   the gRPC failure carrying it
     */
    public RequestRefusedException(String reason, Status.Code code, String message, Throwable cause) {
        super(reason, reason + ": " + message, cause);
        this.code = code;
    }

    /** The gRPC status code of the answer, e.g. {@code PERMISSION_DENIED} or {@code NOT_FOUND}. */
    public Status.Code statusCode() {
        return code;
    }
}
