package io.meshledger.client;

import java.util.List;
import java.util.Optional;

/**
 * One page of a prefix scan.
 *
 * @param entries keys in ascending unsigned byte order with their values
 * @param more    whether keys after the last one remain
 */
public record ScanPage(List<StateEntry> entries, boolean more) {
    /** Copies the entries. */
    public ScanPage {
        entries = List.copyOf(entries);
    }

    /** The key to pass as {@code startAfter} for the next page, if there is one. */
    public Optional<io.meshledger.core.Bytes> nextStartAfter() {
        return more && !entries.isEmpty() ? Optional.of(entries.get(entries.size() - 1).key()) : Optional.empty();
    }
}
