package io.meshledger.node.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive heights {@code from..to}, inclusive.
 */
public record HeightRange(long from, long to) {
    public HeightRange {
        if (from < 1 || to < from) {
            throw new IllegalArgumentException("bad height range " + from + ".." + to);
        }
    }

    public long count() {
        return to - from + 1;
    }

    /** {@code 7} or {@code 12-15}. */
    @Override
    public String toString() {
        return from == to ? Long.toString(from) : from + "-" + to;
    }

    /** Collects ascending heights into ranges. Not thread-safe. */
    static final class Builder {
        private final List<HeightRange> ranges = new ArrayList<>();
        private long from = -1;
        private long to = -1;

        /** @param height greater than every height added before */
        void add(long height) {
            if (from > 0 && height == to + 1) {
                to = height;
                return;
            }
            if (from > 0) {
                ranges.add(new HeightRange(from, to));
            }
            from = height;
            to = height;
        }

        List<HeightRange> build() {
            List<HeightRange> out = new ArrayList<>(ranges);
            if (from > 0) {
                out.add(new HeightRange(from, to));
            }
            return List.copyOf(out);
        }
    }
}
