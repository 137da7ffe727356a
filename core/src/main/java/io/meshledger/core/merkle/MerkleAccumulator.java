package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ledger-wide transaction accumulator: an append-only Merkle tree with the
 * shape and hashing of RFC 9162 section 2.1 (leaf = H(0x00 || data), node =
 * H(0x01 || left || right), split at the largest power of two below the size,
 * empty root = SHA-256 of nothing).
 * <p>
 * State lives in a node store holding only complete perfect subtrees; a node
 * never changes once written. Roots and proofs for a size n are computed from
 * the subtrees complete at n, so every past size stays provable from the same
 * store (as in Diem's accumulator). Stateless and thread-safe; thread safety of
 * the store is the reader's business.
 */
public final class MerkleAccumulator {
    private static final Hash EMPTY_ROOT = Hashing.sha256(new byte[0]);

    private MerkleAccumulator() {
    }

    /** The leaf hash of a transaction or record: H(0x00 || data). */
    public static Hash leafHash(byte[] data) {
        return Hashing.hash(HashDomain.LEAF, data);
    }

    /** RFC 9162 MTH({}): SHA-256 of the empty string. */
    public static Hash emptyRoot() {
        return EMPTY_ROOT;
    }

    /**
     * Appends leaves to an accumulator of {@code size} leaves whose complete
     * nodes are readable through {@code reader}; returns every newly completed
     * node (including the new leaves at level 0) and the new root. Reads only
     * O(log n) nodes (the right frontier, one per set bit of {@code size}).
     * Throws IllegalStateException naming the position if a needed node is missing.
     */
    public static AppendResult append(AccumulatorNodeReader reader, long size, List<Hash> leafHashes) {
        requireSize("size", size);
        List<Hash> leaves = List.copyOf(leafHashes);
        if (leaves.size() > Long.MAX_VALUE - size) {
            throw new IllegalArgumentException("appending " + leaves.size() + " leaves to " + size
                    + " would overflow the tree size");
        }
        Frontier frontier = Frontier.read(new StoredTree(reader, size));
        Map<NodePosition, Hash> newNodes = new LinkedHashMap<>();
        for (Hash leaf : leaves) {
            frontier.append(leaf, newNodes::put);
        }
        return new AppendResult(frontier.size(), frontier.root(), newNodes);
    }

    /** The root at {@code size}, current or historic; reads one node per set bit of {@code size}. */
    public static Hash root(AccumulatorNodeReader reader, long size) {
        requireSize("size", size);
        return new StoredTree(reader, size).root();
    }

    /**
     * The RFC 9162 inclusion proof of leaf {@code leafIndex} in the tree of
     * {@code treeSize} leaves; reads O(log n) nodes.
     */
    public static InclusionProof inclusionProof(AccumulatorNodeReader reader, long leafIndex, long treeSize) {
        requireSize("leaf index", leafIndex);
        if (leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf index " + leafIndex + " >= tree size " + treeSize);
        }
        return new InclusionProof(leafIndex, treeSize, new StoredTree(reader, treeSize).inclusionPath(leafIndex));
    }

    /**
     * The RFC 9162 consistency proof from the tree of {@code firstSize} leaves to
     * the tree of {@code secondSize}; reads O(log n) nodes. Equal sizes and a
     * first size of 0 give an empty path (see {@link ConsistencyProof}).
     */
    public static ConsistencyProof consistencyProof(AccumulatorNodeReader reader, long firstSize, long secondSize) {
        requireSize("first size", firstSize);
        if (firstSize > secondSize) {
            throw new IllegalArgumentException("first size " + firstSize + " > second size " + secondSize);
        }
        return new ConsistencyProof(firstSize, secondSize,
                new StoredTree(reader, secondSize).consistencyPath(firstSize));
    }

    /** Root of a list of leaf hashes held in memory (e.g. the transactions of one block). */
    public static Hash rootOf(List<Hash> leafHashes) {
        Frontier frontier = Frontier.empty();
        for (Hash leaf : leafHashes) {
            frontier.append(Objects.requireNonNull(leaf, "leaf hash"), (position, hash) -> { });
        }
        return frontier.root();
    }

    /** Inclusion proof of leaf {@code index} in a list of leaf hashes held in memory (e.g. one block's receipts). */
    public static InclusionProof inclusionProofOf(List<Hash> leafHashes, long index) {
        InMemoryAccumulatorNodes nodes = new InMemoryAccumulatorNodes();
        nodes.put(append(nodes, 0, leafHashes).newNodes());
        return inclusionProof(nodes, index, leafHashes.size());
    }

    private static void requireSize(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }
}
