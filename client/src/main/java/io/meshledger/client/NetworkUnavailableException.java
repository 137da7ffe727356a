package io.meshledger.client;

/**
 * No node of the network answered (each was unreachable, or did not answer
 * within the call timeout). {@link #reason()} is {@code UNAVAILABLE}. Nothing
 * is known about the request's effect; reads may simply be retried.
 */
public final class NetworkUnavailableException extends MeshledgerException {
    /** The reason code of this failure. */
    public static final String REASON = "UNAVAILABLE";

    /**
     * No node answered.
     *
     * @param message which nodes were tried and how the last one failed
     * @param cause   the last node's failure
     */
    public NetworkUnavailableException(String message, Throwable cause) {
        super(REASON, message, cause);
    }
}
