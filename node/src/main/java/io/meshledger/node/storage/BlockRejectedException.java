package io.meshledger.node.storage;

import java.util.Objects;

/**
 * A block (or a certificate) was refused because it does not extend the stored
 * ledger consistently. Nothing was written. The message carries the numbers and
 * hashes that disagreed, so the caller can log and count the refusal without
 * re-deriving it.
 */
public final class BlockRejectedException extends RuntimeException {
    /** Why a block or certificate was refused. */
    public enum Reason {
        /** The block's height is not the tip height plus one. */
        WRONG_HEIGHT,
        /** The block's parent hash is not the tip's hash. */
        WRONG_PARENT,
        /** The header's transactions root is not the root over the block's transaction ids. */
        WRONG_TRANSACTIONS_ROOT,
        /** The header's total transaction count is not the previous total plus the block's transactions. */
        WRONG_TX_COUNT,
        /** The header's accumulator root is not the root after appending the block's transactions. */
        WRONG_ACCUMULATOR_ROOT,
        /** A transaction id is already committed, or appears twice in the block. */
        DUPLICATE_TRANSACTION,
        /** The certificate's digest names another height, block hash or accumulator root. */
        CERTIFICATE_MISMATCH,
        /** A certificate was offered for a height that holds no committed block. */
        CERTIFICATE_FOR_UNKNOWN_BLOCK
    }

    private final Reason reason;
    private final long height;

    BlockRejectedException(Reason reason, long height, String detail) {
        super("block at height " + height + " rejected (" + reason + "): " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.height = height;
    }

    public Reason reason() {
        return reason;
    }

    /** The height the refused block (or certificate) claimed. */
    public long height() {
        return height;
    }
}
