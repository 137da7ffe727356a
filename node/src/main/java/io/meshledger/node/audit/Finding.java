package io.meshledger.node.audit;

import java.util.Comparator;
import java.util.Objects;

/**
 * Something the audit found wrong, at the height it belongs to.
 *
 * @param height the bad height; 0 for a finding that belongs to no single height
 * @param kind   which family of check failed
 * @param detail what exactly, with the values that disagree
 */
public record Finding(long height, Kind kind, String detail) {
    /** Lowest height first; at one height, the one found first wins (a stable sort keeps it first). */
    public static final Comparator<Finding> BY_HEIGHT = Comparator.comparingLong(Finding::height);

    /** The family of check that failed. */
    public enum Kind {
        /** The stored block is missing, does not decode, or its header contradicts its content or position. */
        BLOCK,
        /** A block's parent hash does not name the block below it. */
        CHAIN_LINK,
        /** A transaction's signature does not verify. */
        TRANSACTION,
        /** The ledger certificate does not decode, lacks a valid quorum, or certifies another digest. */
        CERTIFICATE,
        /** The stored state root differs from the re-executed one. */
        STATE_ROOT,
        /** A stored receipt differs from the re-executed one. */
        RECEIPT,
        /** A stored state entry differs from the re-executed store's. */
        STATE,
        /** The recorded tip contradicts the stored blocks. */
        TIP
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        if (height < 0) {
            throw new IllegalArgumentException("height must be >= 0, got " + height);
        }
    }

    static Finding at(long height, Kind kind, String detail) {
        return new Finding(height, kind, detail);
    }

    /** True unless the finding belongs to no single height. */
    public boolean hasHeight() {
        return height > 0;
    }

    /** {@code height 17: <detail>}, or just the detail for a ledger-wide finding. */
    @Override
    public String toString() {
        return hasHeight() ? "height " + height + ": " + detail : detail;
    }
}
