package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;

import java.util.List;

/**
 * An immutable accumulator summary: its size and the O(log n) roots of the
 * perfect subtrees its leaves decompose into. Enough to append and to compute
 * the root without any stored node, so a chain of not-yet-committed blocks can
 * each carry the accumulator state after them (consensus pipelining) while
 * only committed nodes live in storage.
 */
public final class AccumulatorFrontier {
    private static final AccumulatorFrontier EMPTY = new AccumulatorFrontier(Frontier.empty());

    private final Hash[] levels;
    private final long size;
    private final Hash root;

    private AccumulatorFrontier(Frontier f) {
        this.levels = f.levels();
        this.size = f.size();
        this.root = f.root();
    }

    /** The frontier of the empty accumulator. */
    public static AccumulatorFrontier empty() {
        return EMPTY;
    }

    /** Reads the frontier of an accumulator of {@code size} leaves from stored nodes (one read per set bit). */
    public static AccumulatorFrontier read(AccumulatorNodeReader reader, long size) {
        return new AccumulatorFrontier(Frontier.read(new StoredTree(reader, size)));
    }

    /** The frontier after appending {@code leafHashes}; this one is unchanged. */
    public AccumulatorFrontier append(List<Hash> leafHashes) {
        if (leafHashes.isEmpty()) {
            return this;
        }
        Frontier f = Frontier.of(levels, size);
        for (Hash leaf : leafHashes) {
            f.append(leaf, (position, hash) -> {
            });
        }
        return new AccumulatorFrontier(f);
    }

    public long size() {
        return size;
    }

    /** RFC 9162 root of the accumulated leaves. */
    public Hash root() {
        return root;
    }

    @Override
    public String toString() {
        return "AccumulatorFrontier[size=" + size + ", root=" + root.shortHex() + "]";
    }
}
