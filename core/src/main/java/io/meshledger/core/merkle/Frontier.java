package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;

import java.util.function.BiConsumer;

/**
 * The right frontier of an accumulator: the roots of the perfect subtrees its
 * leaves decompose into, one per set bit of the size (largest, leftmost, for
 * the highest bit). Appending and computing the root need nothing else, which
 * is why an append reads only O(log n) stored nodes. Mutable; used inside one
 * call only.
 */
final class Frontier {
    /** byLevel[l] is the frontier subtree of 2^l leaves, present iff bit l of size is set. */
    private final Hash[] byLevel = new Hash[NodePosition.MAX_LEVEL + 1];
    private long size;

    private Frontier() {
    }

    static Frontier empty() {
        return new Frontier();
    }

    /** Reads the frontier of {@code tree}: exactly one stored node per set bit of its size. */
    static Frontier read(StoredTree tree) {
        long size = tree.size();
        Frontier frontier = new Frontier();
        long start = 0;
        for (int level = NodePosition.MAX_LEVEL - 1; level >= 0; level--) {
            if ((size >>> level & 1) == 1) {
                frontier.byLevel[level] = tree.perfect(level, start >>> level);
                start += 1L << level;
            }
        }
        frontier.size = size;
        return frontier;
    }

    long size() {
        return size;
    }

    /** A copy of the frontier subtree roots by level (null where the size's bit is clear). */
    Hash[] levels() {
        return byLevel.clone();
    }

    /** A mutable frontier starting from {@code levels} and {@code size}. */
    static Frontier of(Hash[] levels, long size) {
        Frontier f = new Frontier();
        System.arraycopy(levels, 0, f.byLevel, 0, f.byLevel.length);
        f.size = size;
        return f;
    }

    /**
     * Adds one leaf and reports, bottom-up, the leaf and every perfect subtree it
     * completes: a subtree of 2^(l+1) leaves closes exactly when the new leaf
     * lands where bit l of the size was already set (a binary carry).
     */
    void append(Hash leaf, BiConsumer<NodePosition, Hash> completed) {
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("the accumulator is full at " + size + " leaves");
        }
        Hash hash = leaf;
        int level = 0;
        completed.accept(new NodePosition(0, size), hash);
        while ((size >>> level & 1) == 1) {
            hash = Hashing.hash(HashDomain.NODE, byLevel[level], hash);
            byLevel[level] = null;
            level++;
            completed.accept(new NodePosition(level, size >>> level), hash);
        }
        byLevel[level] = hash;
        size++;
    }

    /**
     * MTH of the leaves so far. RFC 9162 splits at the largest power of two, so
     * the root is the frontier folded from the right: H(P1, H(P2, ... Pk)).
     */
    Hash root() {
        Hash acc = null;
        for (int level = 0; level < NodePosition.MAX_LEVEL; level++) {
            if ((size >>> level & 1) == 1) {
                acc = acc == null ? byLevel[level] : Hashing.hash(HashDomain.NODE, byLevel[level], acc);
            }
        }
        return acc == null ? MerkleAccumulator.emptyRoot() : acc;
    }
}
