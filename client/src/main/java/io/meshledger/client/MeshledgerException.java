package io.meshledger.client;

/**
 * Why an SDK call failed, with the stable reason code the network gave (or
 * {@code UNAVAILABLE} / {@code TIMEOUT} when no node answered in time). The
 * subclasses say which kind of failure it was, so callers can switch on them.
 */
public abstract sealed class MeshledgerException extends RuntimeException
        permits TransactionFailedException, RequestRefusedException, NetworkUnavailableException,
        CommitTimeoutException {
    private final String reason;

    MeshledgerException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The stable reason code, e.g. {@code PERMISSION_DENIED}, {@code EXPIRED}, {@code NOT_FOUND}. */
    public String reason() {
        return reason;
    }
}
