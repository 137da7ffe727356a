package io.meshledger.core.merkle;

/**
 * How many hashes a well-formed proof holds, derived from the sizes alone. The
 * verifiers check it first so a malformed proof is rejected with a precise
 * reason before any hashing.
 */
final class ProofShape {
    private ProofShape() {
    }

    /**
     * Length of PATH(m, D[n]) for {@code 0 <= m < n}: the levels below the point
     * where leaf m and the last leaf part ({@code inner}), plus one left sibling
     * per set bit of m above it (the perfect subtrees to the left on the border).
     */
    static int inclusionPathLength(long leafIndex, long treeSize) {
        int inner = 64 - Long.numberOfLeadingZeros(leafIndex ^ (treeSize - 1));
        return inner + Long.bitCount(leafIndex >>> inner);
    }

    /**
     * Length of PROOF(m, D[n]) for {@code 0 < m < n}: the inclusion path of leaf
     * m-1 without the levels inside the largest perfect subtree ending at m
     * (its root replaces them, and is omitted too when it is the whole first tree).
     */
    static int consistencyPathLength(long firstSize, long secondSize) {
        long last = firstSize - 1;
        int inner = 64 - Long.numberOfLeadingZeros(last ^ (secondSize - 1));
        int border = Long.bitCount(last >>> inner);
        int shift = Long.numberOfTrailingZeros(firstSize);
        int seed = Long.bitCount(firstSize) == 1 ? 0 : 1;
        return seed + inner - shift + border;
    }
}
