package io.meshledger.client;

import java.util.List;
import java.util.Optional;

/**
 * One page of a prefix scan.
 *
 * @param entries keys in ascending unsigned byte order with their values
 * @param more    whether keys after the last one remain
 */
public record ScanPage(List<StateEntry> entries, boolean more, Optional<io.meshledger.core.Bytes> continuation) {
    /** Copies the entries. */
    public ScanPage {
        entries = List.copyOf(entries);
        java.util.Objects.requireNonNull(continuation, "continuation");
    }

    /**
     * The key to pass as {@code startAfter} for the next page, if there is one:
     * the node's continuation token, which moves past entries the caller may not
     * read (a page can be empty and still have a next one).
     */
    public Optional<io.meshledger.core.Bytes> nextStartAfter() {
        return more ? continuation : Optional.empty();
    }
}
