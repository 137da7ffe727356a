package io.meshledger.client;

import io.meshledger.core.crypto.Hash;

import java.util.Objects;

/**
 * A submitted transaction was not reported committed within the commit wait.
 * It may still commit: ask {@link LedgerQueries#transactionStatus} with
 * {@link #txId()} later rather than signing it again. {@link #reason()} is
 * {@code TIMEOUT}.
 */
public final class CommitTimeoutException extends MeshledgerException {
    /** The reason code of this failure. */
    public static final String REASON = "TIMEOUT";

    private final transient Hash txId;

    /**
     * A timeout waiting for {@code txId}.
     *
     * @param txId    the transaction waited for
     * @param message what was last known of it
     * @param cause   the failure reported by the last node asked
     */
    public CommitTimeoutException(Hash txId, String message, Throwable cause) {
        super(REASON, message, cause);
        this.txId = Objects.requireNonNull(txId, "txId");
    }

    /** The id of the transaction that may still commit. */
    public Hash txId() {
        return txId;
    }
}
