package io.meshledger.node.storage;

import java.util.Objects;

/**
 * A state-tree node as read from the store: its whole encoding (for an
 * internal node stored as a {@link io.meshledger.core.state.SlotDelta}, the
 * node the deltas resolve to), and how many deltas that took (0 for a node
 * stored whole). The writer needs the count to bound the chains it makes.
 *
 * @param encoded the node's canonical encoding, as {@code TreeNode.encode} gives it
 * @param chain   deltas applied to reach it
 */
public record StoredTreeNode(byte[] encoded, int chain) {
    public StoredTreeNode {
        Objects.requireNonNull(encoded, "encoded");
        if (chain < 0) {
            throw new IllegalArgumentException("chain must be >= 0, got " + chain);
        }
    }
}
