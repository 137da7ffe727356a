package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;

import java.util.List;

/**
 * Proof that the tree of {@code firstSize} leaves is a prefix of the tree of
 * {@code secondSize} leaves (the ledger only appended): RFC 9162 PROOF(m, D[n]).
 * <p>
 * RFC 9162 defines the proof for {@code 0 < firstSize < secondSize}. The two
 * edge cases it leaves open are settled here as Certificate Transparency
 * implementations do: equal sizes need an empty path and equal roots; a first
 * size of 0 needs an empty path and the empty-tree root as first root, since the
 * empty tree is a prefix of every tree.
 */
public record ConsistencyProof(long firstSize, long secondSize, List<Hash> path) {
    public ConsistencyProof {
        if (firstSize < 0) {
            throw new IllegalArgumentException("first size must be >= 0, got " + firstSize);
        }
        if (secondSize < 0) {
            throw new IllegalArgumentException("second size must be >= 0, got " + secondSize);
        }
        path = List.copyOf(path);
    }

    /**
     * RFC 9162 2.1.4.2 verification: recomputes both roots from the path,
     * walking {@code fn = firstSize - 1} and {@code sn = secondSize - 1} up the
     * tree, and compares them with the roots the caller trusts. Never throws:
     * every malformed input yields {@link ProofCheck.Invalid} with its reason.
     */
    public ProofCheck verify(Hash firstRoot, Hash secondRoot) {
        if (firstRoot == null || secondRoot == null) {
            return new ProofCheck.Invalid("first root and second root are both required");
        }
        if (firstSize > secondSize) {
            return new ProofCheck.Invalid("first size " + firstSize + " > second size " + secondSize);
        }
        if (firstSize == secondSize || firstSize == 0) {
            return verifyTrivial(firstRoot, secondRoot);
        }
        int expectedLength = ProofShape.consistencyPathLength(firstSize, secondSize);
        if (path.size() != expectedLength) {
            return new ProofCheck.Invalid("consistency path has " + path.size() + " hashes, expected "
                    + expectedLength + " for sizes " + firstSize + " -> " + secondSize);
        }
        return verifyPath(firstRoot, secondRoot);
    }

    /** Equal sizes, or an empty first tree: nothing to prove beyond the roots themselves. */
    private ProofCheck verifyTrivial(Hash firstRoot, Hash secondRoot) {
        if (!path.isEmpty()) {
            return new ProofCheck.Invalid("consistency path has " + path.size() + " hashes, expected 0 for sizes "
                    + firstSize + " -> " + secondSize);
        }
        if (firstSize == 0 && !firstRoot.equals(MerkleAccumulator.emptyRoot())) {
            return new ProofCheck.Invalid("first root " + firstRoot.shortHex() + " != empty-tree root "
                    + MerkleAccumulator.emptyRoot().shortHex() + " for first size 0");
        }
        if (firstSize == secondSize && !firstRoot.equals(secondRoot)) {
            return new ProofCheck.Invalid("first root " + firstRoot.shortHex() + " != second root "
                    + secondRoot.shortHex() + " at equal sizes " + firstSize);
        }
        return new ProofCheck.Valid();
    }

    /** The RFC 9162 2.1.4.2 algorithm proper, for {@code 0 < firstSize < secondSize}. */
    private ProofCheck verifyPath(Hash firstRoot, Hash secondRoot) {
        // When the first tree is a perfect subtree its root is the seed the path omits.
        boolean seeded = Long.bitCount(firstSize) == 1;
        Hash seed = seeded ? firstRoot : path.get(0);
        long fn = firstSize - 1;
        long sn = secondSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        Hash fr = seed;
        Hash sr = seed;
        for (Hash c : path.subList(seeded ? 0 : 1, path.size())) {
            if (sn == 0) {
                return new ProofCheck.Invalid("consistency path is longer than sizes " + firstSize + " -> "
                        + secondSize + " allow");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Hashing.hash(HashDomain.NODE, c, fr);
                sr = Hashing.hash(HashDomain.NODE, c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = Hashing.hash(HashDomain.NODE, sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            return new ProofCheck.Invalid("consistency path is shorter than sizes " + firstSize + " -> "
                    + secondSize + " need");
        }
        if (!fr.equals(firstRoot)) {
            return new ProofCheck.Invalid("computed first root " + fr.shortHex() + " != expected "
                    + firstRoot.shortHex() + " at size " + firstSize);
        }
        if (!sr.equals(secondRoot)) {
            return new ProofCheck.Invalid("computed second root " + sr.shortHex() + " != expected "
                    + secondRoot.shortHex() + " at size " + secondSize);
        }
        return new ProofCheck.Valid();
    }
}
