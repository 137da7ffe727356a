package io.meshledger.client;

/**
 * A subscription ended with an error no reconnection can fix (see
 * {@link ResumableSubscription}); {@link LedgerClient#describe} and
 * {@link LedgerClient#reasonOf} read its cause.
 */
public final class StreamFailedException extends RuntimeException {
    public StreamFailedException(Throwable cause) {
        super(cause.getMessage(), cause);
    }

    public StreamFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
