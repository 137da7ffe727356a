package io.meshledger.node.audit;

import io.meshledger.node.audit.Finding.Kind;
import io.meshledger.node.storage.StateEntries;
import io.meshledger.node.storage.StateEntry;
import io.meshledger.node.storage.StateFamily;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Walks one state family of the audited store and of the replay in step, in
 * key order, and finds the lowest height at which they differ: an entry whose
 * bytes differ, one the audited store lacks, or one it holds that re-execution
 * never wrote. Entries the replay cannot speak for (written above the last
 * replayed height) are skipped. A mismatch is blamed on the height its key (or,
 * for the newest-version family, its value) encodes.
 */
final class StateComparison {
    private final StateFamily family;
    private final long replayedHeight;
    private Finding lowest;

    private StateComparison(StateFamily family, long replayedHeight) {
        this.family = family;
        this.replayedHeight = replayedHeight;
    }

    /**
     * The lowest-height difference between the two walks of {@code family}, if any.
     *
     * @param replayedHeight the replay's last height: audited entries above it are not compared
     */
    static Optional<Finding> firstDifference(StateFamily family, StateEntries audited, StateEntries replayed,
                                             long replayedHeight) {
        StateComparison c = new StateComparison(family, replayedHeight);
        StateEntry a = next(audited);
        StateEntry r = next(replayed);
        while (a != null || r != null) {
            int order = a == null ? 1 : r == null ? -1
                    : Arrays.compareUnsigned(a.key().unsafeArray(), r.key().unsafeArray());
            if (order == 0) {
                c.compare(a, r);
                a = next(audited);
                r = next(replayed);
            } else if (order < 0) {
                c.extra(a);
                a = next(audited);
            } else {
                c.missing(r);
                r = next(replayed);
            }
        }
        return Optional.ofNullable(c.lowest);
    }

    private static StateEntry next(StateEntries entries) {
        return entries.hasNext() ? entries.next() : null;
    }

    private void compare(StateEntry audited, StateEntry replayed) {
        if (Arrays.equals(audited.value().unsafeArray(), replayed.value().unsafeArray())) {
            return;
        }
        long trusted = replayed.height().orElseThrow();
        OptionalLong claimed = audited.height();
        if (claimed.isPresent() && claimed.getAsLong() > replayedHeight) {
            return;
        }
        long height = claimed.isPresent() && claimed.getAsLong() >= 1 ? Math.min(trusted, claimed.getAsLong())
                : trusted;
        record(height, "the stored " + family.description() + " " + replayed.describe() + " differs from"
                + " re-execution");
    }

    private void extra(StateEntry audited) {
        OptionalLong claimed = audited.height();
        if (claimed.isPresent() && claimed.getAsLong() > replayedHeight) {
            return;
        }
        long height = claimed.isPresent() ? claimed.getAsLong() : 0;
        record(height, "the stored " + family.description() + " " + audited.describe() + " was never written"
                + " by re-execution");
    }

    private void missing(StateEntry replayed) {
        record(replayed.height().orElseThrow(), "the " + family.description() + " " + replayed.describe()
                + " that re-execution wrote is not stored");
    }

    private void record(long height, String detail) {
        if (lowest == null || height < lowest.height()) {
            lowest = Finding.at(height, Kind.STATE, detail);
        }
    }
}
