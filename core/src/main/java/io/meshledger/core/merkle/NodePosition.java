package io.meshledger.core.merkle;

/**
 * A node of the accumulator: the root of the perfect subtree covering leaves
 * {@code [index*2^level, (index+1)*2^level)}. Level 0 = leaf hashes.
 * <p>
 * Only complete perfect subtrees have a position: a node of an unbalanced
 * (not yet complete) subtree depends on the tree size and is never stored.
 */
public record NodePosition(int level, long index) {
    /** Highest level a position may have: a subtree of 2^63 leaves. */
    public static final int MAX_LEVEL = 63;

    public NodePosition {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("level must be in [0, " + MAX_LEVEL + "], got " + level);
        }
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
    }

    @Override
    public String toString() {
        return "(level " + level + ", index " + index + ")";
    }
}
