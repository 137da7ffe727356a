package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The accumulator of {@code size} leaves as seen through a node store. Every
 * hash is computed from complete perfect subtrees of that size only: a subtree
 * that is not complete at {@code size} is recomputed from its children. Because
 * stored nodes never change, the same store serves every past size.
 * <p>
 * The recursions below follow RFC 9162 section 2.1 (MTH, PATH, SUBPROOF) with
 * each {@code D[start:start+n]} named by its offset and length instead of a list.
 */
final class StoredTree {
    private final AccumulatorNodeReader reader;
    private final long size;

    StoredTree(AccumulatorNodeReader reader, long size) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.size = size;
    }

    long size() {
        return size;
    }

    /** MTH of the whole tree: reads one node per set bit of the size. */
    Hash root() {
        return size == 0 ? MerkleAccumulator.emptyRoot() : subtree(0, size);
    }

    /**
     * PATH(m, D[n]), deepest sibling first. Reads O(log n) nodes: every sibling
     * is one perfect subtree except, at most once, the unbalanced right sibling
     * met where the path first turns left, which costs one read per set bit.
     */
    List<Hash> inclusionPath(long leafIndex) {
        List<Hash> path = new ArrayList<>();
        addPath(leafIndex, 0, size, path);
        return path;
    }

    /**
     * PROOF(m, D[n]) = SUBPROOF(m, D[n], true). Reads O(log n) nodes, by the
     * same argument as {@link #inclusionPath}: once the recursion enters a
     * perfect subtree every further sibling is a single stored node.
     */
    List<Hash> consistencyPath(long firstSize) {
        List<Hash> path = new ArrayList<>();
        if (firstSize > 0) {
            addSubproof(firstSize, 0, size, true, path);
        }
        return path;
    }

    /** The stored root of a complete perfect subtree; its absence means the store lost data. */
    Hash perfect(int level, long index) {
        NodePosition position = new NodePosition(level, index);
        Optional<Hash> hash = Objects.requireNonNull(reader.node(position),
                () -> "node reader returned null instead of an Optional for " + position);
        return hash.orElseThrow(() -> new IllegalStateException("accumulator node " + position
                + " is missing from the store, but a tree of size " + size + " needs it"));
    }

    /**
     * MTH(D[start:start+length]). In the RFC 9162 shape every subtree whose
     * length is a power of two starts at a multiple of that length, so it is
     * exactly one stored node.
     */
    private Hash subtree(long start, long length) {
        if (Long.bitCount(length) == 1) {
            int level = Long.numberOfTrailingZeros(length);
            return perfect(level, start >>> level);
        }
        long k = Long.highestOneBit(length);
        return Hashing.hash(HashDomain.NODE, subtree(start, k), subtree(start + k, length - k));
    }

    private void addPath(long m, long start, long n, List<Hash> path) {
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            addPath(m, start, k, path);
            path.add(subtree(start + k, n - k));
        } else {
            addPath(m - k, start + k, n - k, path);
            path.add(subtree(start, k));
        }
    }

    private void addSubproof(long m, long start, long n, boolean wholeFirstTree, List<Hash> path) {
        if (m == n) {
            if (!wholeFirstTree) {
                path.add(subtree(start, n));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            addSubproof(m, start, k, wholeFirstTree, path);
            path.add(subtree(start + k, n - k));
        } else {
            addSubproof(m - k, start + k, n - k, false, path);
            path.add(subtree(start, k));
        }
    }

    /** RFC 9162's k: the largest power of two smaller than {@code n}, for {@code n > 1}. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
