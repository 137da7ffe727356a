package io.meshledger.node.audit;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.node.audit.Finding.Kind;
import io.meshledger.node.storage.BlockEffects;

import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Compares what the audited node stored for a height with what re-executing
 * the block produced: the state root, and every receipt byte for byte (one per
 * transaction, none missing, none extra).
 */
final class ExecutionCheck {
    private ExecutionCheck() {
    }

    static Optional<Finding> stateRoot(long height, Optional<Bytes> stored, BlockEffects replayed) {
        if (stored.isEmpty()) {
            return Optional.of(Finding.at(height, Kind.STATE_ROOT, "no state root is stored (re-execution gives "
                    + replayed.stateRoot() + ")"));
        }
        byte[] bytes = stored.get().unsafeArray();
        if (bytes.length != Hash.LENGTH || !Arrays.equals(bytes, replayed.stateRoot().unsafeArray())) {
            return Optional.of(Finding.at(height, Kind.STATE_ROOT, "the stored state root " + stored.get().toHex()
                    + " differs from the re-executed " + replayed.stateRoot()));
        }
        return Optional.empty();
    }

    static Optional<Finding> receipts(long height, NavigableMap<Integer, Bytes> stored, BlockEffects replayed) {
        List<Receipt> expected = replayed.receipts();
        for (int i = 0; i < expected.size(); i++) {
            Bytes found = stored.get(i);
            if (found == null) {
                return Optional.of(Finding.at(height, Kind.RECEIPT, "stored receipt " + i + " is missing"));
            }
            if (!Arrays.equals(found.unsafeArray(), expected.get(i).encode())) {
                return Optional.of(Finding.at(height, Kind.RECEIPT, "stored receipt " + i + " differs from"
                        + " re-execution"));
            }
        }
        Integer extra = stored.ceilingKey(expected.size());
        if (extra != null) {
            return Optional.of(Finding.at(height, Kind.RECEIPT, "a receipt " + extra + " is stored but the block"
                    + " has only " + expected.size() + " transactions"));
        }
        if (!stored.isEmpty() && stored.firstKey() < 0) {
            return Optional.of(Finding.at(height, Kind.RECEIPT, "a receipt with index " + stored.firstKey()
                    + " is stored"));
        }
        return Optional.empty();
    }
}
