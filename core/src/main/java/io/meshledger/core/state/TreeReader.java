package io.meshledger.core.state;

import java.util.Optional;

/**
 * Reads stored tree nodes; storage implements it. A node never changes once
 * written under its key, so implementations may cache freely.
 */
@FunctionalInterface
public interface TreeReader {
    /** The node stored under {@code key}, or empty if none was written (or it was pruned). */
    Optional<TreeNode> node(NodeKey key);
}
