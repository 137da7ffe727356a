package io.meshledger.node.execution;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.state.InternalNode;
import io.meshledger.core.state.NibblePath;
import io.meshledger.core.state.NodeKey;
import io.meshledger.core.state.TreeNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongFunction;

/**
 * Internal nodes of the state tree at committed versions, for the next
 * update to read without the store: one per path (the newest committed).
 * Every node at depth {@value #DENSE_DEPTH} or less (at most 69,905) has a
 * slot of its own, indexed by its path and never evicted: nearly every change
 * reads and rewrites one node at each of these depths, and a hash map lookup
 * there cost more than the hashing. Deeper nodes, at most {@code capacity} of
 * them, are kept in a map that evicts the node cached longest ago.
 * <p>
 * Only internal nodes are kept. Every change reads the internal nodes on its
 * path, and there are a few times fewer of them than leaves, so a cache of
 * moderate size holds all the upper levels of a large tree; a leaf is read only
 * when its own key changes or a new key lands in its slot, rarely twice within
 * a cache's lifetime, and caching leaves would only evict internal nodes.
 * <p>
 * Two kinds of nodes enter it. Nodes read from the store, which never change
 * once written under their key. And the nodes an update created: the next
 * blocks read many of them again (every update rewrites the top levels of the
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
    /**
     * A node an update created, its whole encoding, and how many slot deltas
     * the store takes to reach it (0 where it writes the node whole).
     */
    record NewNode(NodeKey key, TreeNode node, byte[] encoded, int chain) {
    }

    /** A committed internal node and how many slot deltas the store takes to reach it. */
    record Committed(InternalNode node, int chain) {
    }

    /** The internal nodes one update created for {@code version}, whose root hash is {@code root}. */
    private record Created(long version, Hash root, List<NewNode> nodes) {
    }

    /**
     * The node at a path, and the version that wrote it: together, its node key.
     * Exactly one of {@code node} and {@code encoded} is set. {@code chain} as in
     * {@link Committed}.
     */
    private record Versioned(long version, InternalNode node, byte[] encoded, int chain) {
        /**
         * Nodes that keep their slot-range hashes (the top levels) stay objects,
         * so that their next version rehashes only what changed. The rest are kept
         * encoded: one array instead of about fifty small objects a node, which
         * the garbage collector would otherwise trace and copy again and again.
         */
        static Versioned of(long version, InternalNode node, byte[] encoded, int chain) {
            return node.keepsSlotHashes() ? new Versioned(version, node, null, chain)
                    : new Versioned(version, null, encoded, chain);
        }

        InternalNode decoded() {
            return node != null ? node : (InternalNode) TreeNode.decode(encoded);
        }
    }

    /** Paths this short or shorter have a slot each in {@link #shallow}. */
    static final int DENSE_DEPTH = 4;
    /** 16^0 + 16^1 + ... + 16^DENSE_DEPTH: every path of at most DENSE_DEPTH nibbles. */
    private static final int DENSE_SLOTS = ((1 << 4 * (DENSE_DEPTH + 1)) - 1) / 15;

    private final int capacity;
    /**
     * By path, not by node key: an update reads only nodes of its base version,
     * where each path holds one node, so the node a newer version wrote at a
     * path replaces the older one instead of filling the cache with versions
     * no update reads again. Slot {@link #slot} of a path of at most
     * {@link #DENSE_DEPTH} nibbles; null where none is cached.
     */
    private final Versioned[] shallow = new Versioned[DENSE_SLOTS];
    private int shallowCached;
    /** Deeper paths, as in {@link #shallow}: at most {@code capacity}. */
    private final Map<NibblePath, Versioned> deep;
    private Created created;

    TreeNodeCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        // Insertion order, with a node moved to the back when a newer version replaces it (see #cache): an
        // update reads a node only to rewrite it, so that is when it is used. Access order would relink an
        // old-generation entry on every read, which the collector then has to track.
        this.deep = new LinkedHashMap<>(1 << 16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<NibblePath, Versioned> eldest) {
                return size() > TreeNodeCache.this.capacity;
            }
        };
    }

    /** The committed internal node stored under {@code key}, if cached; never a node of an unconfirmed update. */
    Optional<TreeNode> get(NodeKey key) {
        return committed(key).map(Committed::node);
    }

    /** As {@link #get}, with the node's chain of slot deltas in the store. */
    Optional<Committed> committed(NodeKey key) {
        NibblePath path = key.path();
        Versioned at = path.length() <= DENSE_DEPTH ? shallow[slot(path)] : deep.get(path);
        return at != null && at.version() == key.version() ? Optional.of(new Committed(at.decoded(), at.chain()))
                : Optional.empty();
    }

    /**
     * How many slot deltas the store takes to reach the committed node under
     * {@code key}, if it is cached (without decoding it, as {@link #committed} may).
     */
    OptionalInt chain(NodeKey key) {
        NibblePath path = key.path();
        Versioned at = path.length() <= DENSE_DEPTH ? shallow[slot(path)] : deep.get(path);
        return at != null && at.version() == key.version() ? OptionalInt.of(at.chain()) : OptionalInt.empty();
    }

    /**
     * Caches a node read from the store ({@code encoded}, decoded as {@code node},
     * reached through {@code chain} slot deltas), if it is an internal node.
     */
    void putStored(NodeKey key, TreeNode node, byte[] encoded, int chain) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(encoded, "encoded");
        if (Objects.requireNonNull(node, "node") instanceof InternalNode internal) {
            cache(key, internal, encoded, chain);
        }
    }

    /**
     * Holds the internal nodes among those an update created for {@code version}
     * (whose root is {@code root}) until {@link #confirm}; replaces any earlier
     * unconfirmed ones.
     */
    void created(long version, Hash root, List<NewNode> nodes) {
        Objects.requireNonNull(root, "root");
        List<NewNode> internal = new ArrayList<>();
        for (NewNode n : nodes) {
            if (n.node() instanceof InternalNode) {
                internal.add(n);
            }
        }
        created = new Created(version, root, internal);
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
            pending.nodes().forEach(n -> cache(n.key(), (InternalNode) n.node(), n.encoded(), n.chain()));
        }
    }

    /** Replaces the older version at the node's path; a deep node goes last in eviction order. */
    private void cache(NodeKey key, InternalNode node, byte[] encoded, int chain) {
        NibblePath path = key.path();
        Versioned at = Versioned.of(key.version(), node, encoded, chain);
        if (path.length() <= DENSE_DEPTH) {
            int slot = slot(path);
            if (shallow[slot] == null) {
                shallowCached++;
            }
            shallow[slot] = at;
        } else {
            deep.remove(path);
            deep.put(path, at);
        }
    }

    /**
     * Paths of one length fill a block of 16^length slots, in order of their
     * nibbles read as a number; the blocks follow each other by length.
     */
    static int slot(NibblePath path) {
        int length = path.length();
        int value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 4 | path.nibble(i);
        }
        return ((1 << 4 * length) - 1) / 15 + value;
    }

    /** Committed nodes cached now: at most one per path. */
    int size() {
        return shallowCached + deep.size();
    }
}
