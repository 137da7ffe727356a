package io.meshledger.node.execution;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.state.InternalNode;
import io.meshledger.core.state.NibblePath;
import io.meshledger.core.state.NodeKey;
import io.meshledger.core.state.TreeNode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Decoded state-tree nodes of committed versions, for the next update to read
 * without the store: at most {@code capacity} of them, the least recently used
 * evicted first.
 * <p>
 * Two kinds of nodes enter it. Nodes read from the store, which never change
 * once written under their key. And the upper nodes an update created: the
 * next block reads them again (every update rewrites the top levels of the
 * tree), but they are only a proposal until the store commits their version,
 * and the block that commits at that height may be another one (an append that
 * failed, a block re-executed). So they are held apart and {@link #confirm
 * confirmed} before the next update: they join the cache only if the store
 * holds their version with the root they were computed for. Equal roots over
 * the same base version mean the same tree, and an update writes a node
 * exactly where the tree changed, so the store then holds exactly these nodes.
 * <p>
 * Not thread-safe: only the ledger writer thread, which executes blocks, uses it.
 */
final class TreeNodeCache {
    /** The nodes one update created: the nodes of {@code version}, whose root hash is {@code root}. */
    private record Created(long version, Hash root, Map<NodeKey, TreeNode> nodes) {
    }

    private final int capacity;
    private final Map<NodeKey, TreeNode> committed;
    private Created created;

    TreeNodeCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.committed = new LinkedHashMap<>(1 << 16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<NodeKey, TreeNode> eldest) {
                return size() > TreeNodeCache.this.capacity;
            }
        };
    }

    /** The committed node stored under {@code key}, if cached; never a node of an unconfirmed update. */
    Optional<TreeNode> get(NodeKey key) {
        return Optional.ofNullable(committed.get(key));
    }

    /** Caches a node read from the store. */
    void putStored(NodeKey key, TreeNode node) {
        committed.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(node, "node"));
    }

    /**
     * Holds the nodes an update of {@code changes} keys created for {@code version}
     * (whose root is {@code root}) until {@link #confirm}; replaces any earlier
     * unconfirmed ones. Only the internal nodes of the levels that a block of as
     * many changes reaches more than once per node on average ({@code 16^depth <=
     * changes}) are kept: those the next block reads again almost surely. Deeper
     * nodes and leaves are each read again by few blocks, and inserting thousands
     * of them per block into a large cache costs more than reading the few that
     * are needed from the store.
     */
    void created(long version, Hash root, Map<NodeKey, TreeNode> nodes, int changes) {
        Objects.requireNonNull(root, "root");
        int depth = keptDepth(changes);
        Map<NodeKey, TreeNode> kept = new HashMap<>();
        nodes.forEach((key, node) -> {
            if (node instanceof InternalNode && key.path().length() <= depth) {
                kept.put(key, node);
            }
        });
        created = new Created(version, root, kept);
    }

    /** The greatest depth d with 16^d <= changes (0 for at most 15 changes). */
    static int keptDepth(int changes) {
        int depth = 0;
        for (long nodes = 16; nodes <= changes && depth < NibblePath.MAX_LENGTH; nodes *= 16) {
            depth++;
        }
        return depth;
    }

    /**
     * Called before an update from {@code baseVersion}: the created nodes join
     * the cache if they are that version's and {@code committedRoot} (asked
     * only then) says the store holds that version with their root; otherwise
     * they are dropped, since the store holds something else (or nothing) there.
     */
    void confirm(long baseVersion, LongFunction<Optional<Hash>> committedRoot) {
        Created pending = created;
        created = null;
        if (pending != null && pending.version() == baseVersion
                && committedRoot.apply(baseVersion).filter(pending.root()::equals).isPresent()) {
            committed.putAll(pending.nodes());
        }
    }

    /** Committed nodes cached now. */
    int size() {
        return committed.size();
    }
}
