package io.meshledger.core.state;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Tree nodes held in a {@link HashMap}, for tests, tools and light clients.
 * Keeps every version (never prunes). Not thread-safe: confine an instance to
 * one thread or guard it externally.
 */
public final class InMemoryTreeStore implements TreeReader {
    private final Map<NodeKey, TreeNode> nodes = new HashMap<>();

    /**
     * Stores the new nodes of {@code update}. Writing an identical node again is
     * harmless; a different node under an existing key means two histories were
     * mixed (e.g. a version applied twice from different bases) and fails with
     * {@link IllegalStateException}, leaving this store unchanged.
     */
    public void put(TreeUpdate update) {
        for (Map.Entry<NodeKey, TreeNode> e : update.newNodes().entrySet()) {
            TreeNode existing = nodes.get(e.getKey());
            if (existing != null && !existing.equals(e.getValue())) {
                throw new IllegalStateException("tree node " + e.getKey() + " is already stored with another content, "
                        + "refusing to overwrite it");
            }
        }
        nodes.putAll(update.newNodes());
    }

    @Override
    public Optional<TreeNode> node(NodeKey key) {
        return Optional.ofNullable(nodes.get(Objects.requireNonNull(key, "key")));
    }

    /** How many nodes are stored. */
    public int size() {
        return nodes.size();
    }
}
