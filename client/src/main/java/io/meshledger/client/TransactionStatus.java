package io.meshledger.client;

import java.util.Objects;

/**
 * Where a transaction stands on the node that answered.
 *
 * @param state  unknown, pending, committed or rejected
 * @param height its block when committed, else 0
 * @param index  its position in the block when committed, else 0
 * @param reason the rejection's reason code when rejected, else empty
 */
public record TransactionStatus(State state, long height, int index, String reason) {
    /** Refuses missing components. */
    public TransactionStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    /** A transaction's state on one node. */
    public enum State {
        /** The node has never seen it (or forgot a rejection): safe to submit the same bytes again. */
        UNKNOWN,
        /** In the node's mempool, waiting to be ordered. */
        PENDING,
        /** In a committed block. */
        COMMITTED,
        /** Refused at admission; see the reason. */
        REJECTED
    }
}
