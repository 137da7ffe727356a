package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link SparseMerkleTree#apply}: a single recursive pass over the sorted
 * changes, descending only into subtrees that some change touches, so every
 * ancestor shared by many changes is read and rewritten once.
 * <p>
 * Rules it keeps: a leaf sits at the shortest path no other key shares (so a
 * leaf moves down when a key joins it and up when its siblings are deleted);
 * a node left untouched keeps its key and version; a node that changes or moves
 * is written under the new version and its old key reported stale. Single use.
 */
final class BatchUpdate {
    /** A subtree as the pass sees it before it is placed in a parent slot. */
    private sealed interface Subtree {
    }

    private record Empty() implements Subtree {
    }

    private static final Empty EMPTY = new Empty();

    /** An entry not yet placed; {@code storedAt} is where it is stored unchanged now, or null if new. */
    private record Leaf(Hash keyHash, Hash valueHash, NodeKey storedAt) implements Subtree {
        Hash hash() {
            return StateHashes.leaf(keyHash, valueHash);
        }
    }

    /** A node stored under {@code key}: untouched, or an internal node this pass wrote. */
    private record Stored(NodeKey key, Hash hash, boolean leaf) implements Subtree {
    }

    /** A child no change reaches, kept as its slot in the parent (saves building its key and pointer). */
    private record Kept(InternalNode parent, int nibble) implements Subtree {
        long version() {
            return parent.slotVersion(nibble);
        }

        boolean leaf() {
            return parent.slotIsLeaf(nibble);
        }
    }

    /**
     * Nodes this shallow keep their slot-range hashes for their next version:
     * levels 0 to 3 (at most 4,369 nodes), which large blocks rewrite every time
     * or every few blocks.
     */
    private static final int KEEP_HASHES_ABOVE_DEPTH = 4;
    /**
     * Nodes this deep or shallower are reported in {@link TreeUpdate#replaced},
     * for storage to write as slot deltas. One level below those keeping their
     * hashes: in a large tree nearly every change rewrites a node of depth 4 of
     * about 16 children, about 540 bytes whole where one slot changed.
     */
    private static final int DELTA_MAX_DEPTH = 4;
    private static final int NODES_WRITTEN_PER_CHANGE = 5;
    private static final int NODES_STALE_PER_CHANGE = 3;

    private final TreeReader reader;
    private final long version;
    private final Hash[] keys;
    /** Null where the change deletes the key. */
    private final Hash[] values;
    private final Map<NodeKey, TreeNode> written;
    /** Shared by every node this update makes, one after another (makeInternal never nests). */
    private final InternalNode.Builder builder = new InternalNode.Builder();
    /**
     * Distinct by construction: the pass visits each stored node once, and
     * reports it when it replaces or moves it; {@link #run} adds the base root
     * only if the pass did not (the property tests check all this).
     * A list, not a set: hashing each key cost more than the rest of reporting it.
     */
    private final List<NodeKey> stale;
    /** New internal nodes of depth at most {@link #DELTA_MAX_DEPTH} to the internal node each replaces at its path. */
    private final Map<NodeKey, TreeUpdate.Replaced> replaced = new LinkedHashMap<>();

    BatchUpdate(TreeReader reader, long version, Hash[] sortedKeys, Hash[] values) {
        this.reader = reader;
        this.version = version;
        this.keys = sortedKeys;
        this.values = values;
        // Sized for what a change of a large tree typically writes (its leaf, the leaf it displaces, a node
        // below the top levels, its share of those) and makes stale, so that big blocks do not rehash these
        // maps again and again as they grow.
        this.written = LinkedHashMap.newLinkedHashMap(NODES_WRITTEN_PER_CHANGE * sortedKeys.length + 1);
        this.stale = new ArrayList<>(NODES_STALE_PER_CHANGE * sortedKeys.length + 1);
    }

    TreeUpdate run(long baseVersion) {
        NodeKey baseRoot = null;
        Subtree before = EMPTY;
        if (baseVersion != SparseMerkleTree.PRE_GENESIS_VERSION) {
            baseRoot = NodeKey.root(baseVersion);
            TreeNode node = read(baseRoot, "root of base version " + baseVersion);
            before = switch (node) {
                case LeafNode l -> new Leaf(l.keyHash(), l.valueHash(), baseRoot);
                case InternalNode in when in.childCount() == 0 -> EMPTY;
                case InternalNode in -> new Stored(baseRoot, in.hash(), false);
            };
        }
        Subtree after = update(NibblePath.EMPTY, before, 0, keys.length);
        Hash root = writeRoot(after);
        // The base root is stale even when the pass left it unchanged (the new version gets its own root), and
        // the pass reports it itself when it rewrites or moves it.
        if (baseRoot != null && !stale.contains(baseRoot)) {
            stale.add(baseRoot);
        }
        return new TreeUpdate(version, root, written, stale, replaced);
    }

    /**
     * Every version gets its own root node at {@code NodeKey.root(version)}, even
     * when nothing changed, so {@code root(v)} is one read for every applied v.
     */
    private Hash writeRoot(Subtree after) {
        NodeKey rootKey = NodeKey.root(version);
        return switch (after) {
            case Empty e -> {
                write(rootKey, InternalNode.EMPTY);
                yield StateHashes.PLACEHOLDER;
            }
            case Leaf l -> {
                write(rootKey, new LeafNode(l.keyHash(), l.valueHash()));
                if (l.storedAt() != null) {
                    stale.add(l.storedAt());
                }
                yield l.hash();
            }
            case Stored s when s.key().equals(rootKey) -> s.hash();
            case Stored s -> {
                TreeNode unchanged = read(s.key(), "unchanged root");
                write(rootKey, unchanged);
                if (unchanged instanceof InternalNode in) {
                    replaced.put(rootKey, new TreeUpdate.Replaced(s.key(), in));
                }
                yield s.hash();
            }
            case Kept k -> throw new IllegalStateException("the root is never a kept child");
        };
    }

    /** The subtree at {@code path} after applying changes [from, to) to {@code existing}. */
    private Subtree update(NibblePath path, Subtree existing, int from, int to) {
        if (from == to) {
            return existing;
        }
        return switch (existing) {
            case Empty e -> build(path, merge(null, from, to));
            case Leaf l -> build(path, merge(l, from, to));
            case Stored s when s.leaf() -> build(path, merge(readLeaf(s.key()), from, to));
            case Stored s -> updateInternal(path, s, from, to);
            case Kept k -> throw new IllegalStateException("a kept child is never updated");
        };
    }

    private Subtree updateInternal(NibblePath path, Stored existing, int from, int to) {
        TreeNode node = read(existing.key(), "internal node");
        if (!(node instanceof InternalNode internal)) {
            throw new IllegalStateException("node " + existing.key() + " is a leaf but its parent says internal");
        }
        Subtree[] slots = new Subtree[16];
        Arrays.fill(slots, EMPTY);
        for (int bits = internal.occupied(); bits != 0; bits &= bits - 1) {
            int n = Integer.numberOfTrailingZeros(bits);
            slots[n] = new Kept(internal, n);
        }
        boolean changed = false;
        int depth = path.length();
        for (int i = from; i < to; ) {
            int nibble = NibblePath.nibbleOf(keys[i], depth);
            int end = groupEnd(i, to, depth, nibble);
            NibblePath slotPath = path.child(nibble);
            Subtree before = slots[nibble] instanceof Kept k
                    ? new Stored(new NodeKey(k.version(), slotPath), k.parent().slotHash(nibble), k.leaf())
                    : slots[nibble];
            Subtree after = settle(slotPath, update(slotPath, before, i, end));
            // A node key names one immutable node: same key, same subtree.
            boolean same = after instanceof Stored a && before instanceof Stored b && a.key().equals(b.key())
                    || after instanceof Empty && before instanceof Empty;
            if (!same) {
                slots[nibble] = after;
                changed = true;
            }
            i = end;
        }
        if (!changed) {
            return existing;
        }
        stale.add(existing.key());
        return makeInternal(path, slots, internal, existing.key());
    }

    /**
     * The entries of a subtree that held at most the leaf {@code existing}, after
     * changes [from, to): the puts plus {@code existing} if no change names its key.
     * A put of the value a leaf already holds leaves the leaf as it is.
     */
    private List<Leaf> merge(Leaf existing, int from, int to) {
        List<Leaf> entries = new ArrayList<>(to - from + 1);
        boolean existingPlaced = existing == null;
        for (int i = from; i < to; i++) {
            if (!existingPlaced && existing.keyHash().compareTo(keys[i]) < 0) {
                entries.add(existing);
                existingPlaced = true;
            }
            if (!existingPlaced && existing.keyHash().equals(keys[i])) {
                existingPlaced = true;
                if (existing.valueHash().equals(values[i])) {
                    entries.add(existing);
                    continue;
                }
                if (existing.storedAt() != null) {
                    stale.add(existing.storedAt());
                }
            }
            if (values[i] != null) {
                entries.add(new Leaf(keys[i], values[i], null));
            }
        }
        if (!existingPlaced) {
            entries.add(existing);
        }
        return entries;
    }

    /** The subtree at {@code path} holding exactly {@code entries} (sorted, distinct keys). */
    private Subtree build(NibblePath path, List<Leaf> entries) {
        if (entries.isEmpty()) {
            return EMPTY;
        }
        if (entries.size() == 1) {
            return entries.get(0);
        }
        // Two distinct 256-bit keys differ within 64 nibbles, so depth stays < 64 here.
        int depth = path.length();
        Subtree[] slots = new Subtree[16];
        Arrays.fill(slots, EMPTY);
        for (int i = 0; i < entries.size(); ) {
            int nibble = NibblePath.nibbleOf(entries.get(i).keyHash(), depth);
            int end = i + 1;
            while (end < entries.size() && NibblePath.nibbleOf(entries.get(end).keyHash(), depth) == nibble) {
                end++;
            }
            NibblePath slotPath = path.child(nibble);
            slots[nibble] = settle(slotPath, build(slotPath, entries.subList(i, end)));
            i = end;
        }
        return makeInternal(path, slots, null, null);
    }

    /**
     * The node for {@code slots} at {@code path}: nothing if all are empty, the
     * lone leaf itself (moving up to the parent's slot) if only one leaf is
     * left, else a new internal node written under this version, replacing
     * {@code previousOrNull} (the node at this path in the base version, stored
     * under {@code previousKeyOrNull}).
     */
    private Subtree makeInternal(NibblePath path, Subtree[] slots, InternalNode previousOrNull,
                                 NodeKey previousKeyOrNull) {
        Subtree only = null;
        int occupied = 0;
        for (Subtree s : slots) {
            if (!(s instanceof Empty)) {
                occupied++;
                only = s;
            }
        }
        if (occupied == 0) {
            return EMPTY;
        }
        if (occupied == 1 && only instanceof Leaf l) {
            return l;
        }
        if (occupied == 1 && only instanceof Stored s && s.leaf()) {
            return readLeaf(s.key());
        }
        if (occupied == 1 && only instanceof Kept k && k.leaf()) {
            return readLeaf(new NodeKey(k.version(), path.child(k.nibble())));
        }
        InternalNode.Builder children = builder.reset();
        for (int n = 0; n < 16; n++) {
            switch (slots[n]) {
                case Empty e -> { }
                case Leaf l -> {
                    NodeKey key = new NodeKey(version, path.child(n));
                    write(key, new LeafNode(l.keyHash(), l.valueHash()));
                    if (l.storedAt() != null) {
                        stale.add(l.storedAt());
                    }
                    children.add(n, version, l.hash(), true);
                }
                case Stored s -> children.add(n, s.key().version(), s.hash(), s.leaf());
                case Kept k -> children.copy(k.parent(), n);
            }
        }
        InternalNode node = children.build();
        NodeKey key = new NodeKey(version, path);
        write(key, node);
        if (path.length() <= DELTA_MAX_DEPTH && previousKeyOrNull != null) {
            replaced.put(key, new TreeUpdate.Replaced(previousKeyOrNull, previousOrNull));
        }
        boolean top = path.length() < KEEP_HASHES_ABOVE_DEPTH;
        Hash hash = top ? node.hashKeeping(previousOrNull) : node.hash();
        return new Stored(key, hash, false);
    }

    /** A leaf returning unchanged to the slot it is stored in stays where it is. */
    private static Subtree settle(NibblePath slotPath, Subtree subtree) {
        if (subtree instanceof Leaf l && l.storedAt() != null && l.storedAt().path().equals(slotPath)) {
            return new Stored(l.storedAt(), l.hash(), true);
        }
        return subtree;
    }

    private int groupEnd(int from, int to, int depth, int nibble) {
        int end = from + 1;
        while (end < to && NibblePath.nibbleOf(keys[end], depth) == nibble) {
            end++;
        }
        return end;
    }

    private Leaf readLeaf(NodeKey key) {
        if (read(key, "leaf") instanceof LeafNode l) {
            return new Leaf(l.keyHash(), l.valueHash(), key);
        }
        throw new IllegalStateException("node " + key + " is internal but its parent says leaf");
    }

    private TreeNode read(NodeKey key, String what) {
        return reader.node(key).orElseThrow(() -> new MissingNodeException(key, what));
    }

    private void write(NodeKey key, TreeNode node) {
        if (written.putIfAbsent(key, node) != null) {
            throw new IllegalStateException("one update wrote node " + key + " twice");
        }
    }
}
