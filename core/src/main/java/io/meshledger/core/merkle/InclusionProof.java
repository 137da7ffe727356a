package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;

import java.util.List;

/**
 * Proof that the leaf at {@code leafIndex} is in the tree of {@code treeSize}
 * leaves: RFC 9162 PATH, deepest sibling first. The proof does not bind the
 * tree size to the root by itself; the caller checks it against the root it
 * trusts for that size (from a ledger certificate).
 */
public record InclusionProof(long leafIndex, long treeSize, List<Hash> path) {
    public InclusionProof {
        if (leafIndex < 0) {
            throw new IllegalArgumentException("leaf index must be >= 0, got " + leafIndex);
        }
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size must be >= 0, got " + treeSize);
        }
        path = List.copyOf(path);
    }

    /**
     * RFC 9162 2.1.3.2 verification: recomputes the root from {@code leafHash}
     * and the path, walking {@code fn = leafIndex} and {@code sn = treeSize - 1}
     * up the tree, and compares it with {@code expectedRoot}. Never throws:
     * every malformed input yields {@link ProofCheck.Invalid} with its reason.
     */
    public ProofCheck verify(Hash leafHash, Hash expectedRoot) {
        if (leafHash == null || expectedRoot == null) {
            return new ProofCheck.Invalid("leaf hash and expected root are both required");
        }
        if (leafIndex >= treeSize) {
            return new ProofCheck.Invalid("leaf index " + leafIndex + " >= tree size " + treeSize);
        }
        int expectedLength = ProofShape.inclusionPathLength(leafIndex, treeSize);
        if (path.size() != expectedLength) {
            return new ProofCheck.Invalid("inclusion path has " + path.size() + " hashes, expected "
                    + expectedLength + " for leaf " + leafIndex + " in a tree of size " + treeSize);
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        Hash r = leafHash;
        for (Hash p : path) {
            if (sn == 0) {
                return new ProofCheck.Invalid("inclusion path is longer than leaf " + leafIndex
                        + " is deep in a tree of size " + treeSize);
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Hashing.hash(HashDomain.NODE, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = Hashing.hash(HashDomain.NODE, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            return new ProofCheck.Invalid("inclusion path is shorter than leaf " + leafIndex
                    + " is deep in a tree of size " + treeSize);
        }
        if (!r.equals(expectedRoot)) {
            return new ProofCheck.Invalid("computed root " + r.shortHex() + " != expected " + expectedRoot.shortHex()
                    + " for leaf " + leafIndex + " in a tree of size " + treeSize);
        }
        return new ProofCheck.Valid();
    }
}
