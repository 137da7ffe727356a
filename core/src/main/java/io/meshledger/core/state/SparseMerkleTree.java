package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The versioned sparse Merkle tree over state (Jellyfish style): 16-ary nodes
 * over the nibbles of 256-bit key hashes, stored copy-on-write under
 * {@link NodeKey}s so every applied version stays readable and provable while
 * new ones are written. See the package documentation for the hashing rules.
 * <p>
 * Root per version: {@link #apply} always writes a root node under
 * {@code NodeKey.root(newVersion)}, a copy of the base root if the batch changed
 * nothing, so {@link #root(long)} and {@link #prove} of any applied version start
 * from one read, and the base version's root is always reported stale.
 * <p>
 * Holds no state but its reader; thread-safe if the reader is.
 */
public final class SparseMerkleTree {
    /** The version before genesis: the empty tree, which has no stored nodes. */
    public static final long PRE_GENESIS_VERSION = -1;
    /** Root of the empty tree: the placeholder, 32 zero bytes. */
    public static final Hash EMPTY_ROOT = StateHashes.PLACEHOLDER;

    private final TreeReader reader;

    public SparseMerkleTree(TreeReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * Applies {@code changes} (key hash to its new value hash, or empty to delete
     * it) to the tree at {@code baseVersion} and returns the nodes of
     * {@code newVersion}. Reads only nodes on the paths of changed keys; writes
     * nothing: the caller stores {@link TreeUpdate#newNodes()}. Deleting an
     * absent key, or putting the value a key already has, changes nothing.
     * <p>
     * The caller applies versions in order, each from the previous one; a
     * {@code newVersion} already written would collide with its nodes.
     *
     * @param baseVersion an applied version, or {@link #PRE_GENESIS_VERSION}
     * @param newVersion  greater than {@code baseVersion}
     * @throws MissingNodeException if a node of {@code baseVersion} is not in the store
     */
    public TreeUpdate apply(long baseVersion, long newVersion, SortedMap<Hash, Optional<Hash>> changes) {
        if (baseVersion < PRE_GENESIS_VERSION) {
            throw new IllegalArgumentException("base version must be >= " + PRE_GENESIS_VERSION + ", got "
                    + baseVersion);
        }
        if (newVersion <= baseVersion) {
            throw new IllegalArgumentException("new version " + newVersion + " must be greater than base version "
                    + baseVersion);
        }
        List<Map.Entry<Hash, Optional<Hash>>> entries = new ArrayList<>(changes.entrySet());
        if (changes.comparator() != null) {
            // The pass relies on key hash order being tree order (unsigned bytewise).
            entries.sort(Map.Entry.comparingByKey());
        }
        Hash[] keys = new Hash[entries.size()];
        Hash[] values = new Hash[entries.size()];
        for (int i = 0; i < keys.length; i++) {
            Map.Entry<Hash, Optional<Hash>> e = entries.get(i);
            keys[i] = Objects.requireNonNull(e.getKey(), "key hash");
            Optional<Hash> change = e.getValue();
            // Not requireNonNull with a message: building it formatted every changed key's hash as hex.
            if (change == null) {
                throw new NullPointerException("change of " + keys[i]);
            }
            values[i] = change.orElse(null);
            if (i > 0 && keys[i].equals(keys[i - 1])) {
                throw new IllegalArgumentException("key hash " + keys[i] + " changes twice in one batch");
            }
        }
        return new BatchUpdate(reader, newVersion, keys, values).run(baseVersion);
    }

    /**
     * The root hash at {@code version}: {@link #EMPTY_ROOT} for
     * {@link #PRE_GENESIS_VERSION}, else the hash of its root node.
     *
     * @throws MissingNodeException if {@code version} was never applied or is pruned
     */
    public Hash root(long version) {
        if (version == PRE_GENESIS_VERSION) {
            return EMPTY_ROOT;
        }
        return read(NodeKey.root(version), "root of version " + version).hash();
    }

    /** The value hash of {@code keyHash} at {@code version}, if present. */
    public Optional<Hash> valueHash(Hash keyHash, long version) {
        return prove(keyHash, version).leaf()
                .filter(l -> l.keyHash().equals(keyHash))
                .map(SparseMerkleProof.Leaf::valueHash);
    }

    /**
     * A proof that {@code keyHash} is present at {@code version} with its value,
     * or absent. Walks one path, reading at most one node per nibble level.
     *
     * @throws MissingNodeException if {@code version} was never applied or is pruned
     */
    public SparseMerkleProof prove(Hash keyHash, long version) {
        Objects.requireNonNull(keyHash, "keyHash");
        List<Hash> siblings = new ArrayList<>();
        if (version == PRE_GENESIS_VERSION) {
            return proof(keyHash, null, siblings);
        }
        NodeKey key = NodeKey.root(version);
        TreeNode node = read(key, "root of version " + version);
        for (int depth = 0; depth <= NibblePath.MAX_LENGTH; depth++) {
            if (node instanceof LeafNode leaf) {
                return proof(keyHash, leaf, siblings);
            }
            if (depth == NibblePath.MAX_LENGTH) {
                break;
            }
            InternalNode internal = (InternalNode) node;
            switch (SlotTree.descend(internal.children(), NibblePath.nibbleOf(keyHash, depth), siblings)) {
                case SlotTree.Descent.Empty e -> {
                    return proof(keyHash, null, siblings);
                }
                case SlotTree.Descent.AtLeaf at -> {
                    NodeKey leafKey = new NodeKey(at.child().version(), key.path().child(at.child().nibble()));
                    if (read(leafKey, "leaf") instanceof LeafNode leaf) {
                        return proof(keyHash, leaf, siblings);
                    }
                    throw new IllegalStateException("node " + leafKey + " is internal but its parent says leaf");
                }
                case SlotTree.Descent.AtInternal at -> {
                    key = new NodeKey(at.child().version(), key.path().child(at.child().nibble()));
                    node = read(key, "internal node");
                    if (!(node instanceof InternalNode)) {
                        throw new IllegalStateException("node " + key + " is a leaf but its parent says internal");
                    }
                }
            }
        }
        throw new IllegalStateException("path of " + keyHash + " at version " + version + " is deeper than "
                + NibblePath.MAX_LENGTH + " nibbles: the store is corrupt");
    }

    private static SparseMerkleProof proof(Hash keyHash, LeafNode leaf, List<Hash> siblingsTopDown) {
        Collections.reverse(siblingsTopDown);
        Optional<SparseMerkleProof.Leaf> found = Optional.ofNullable(leaf)
                .map(l -> new SparseMerkleProof.Leaf(l.keyHash(), l.valueHash()));
        return new SparseMerkleProof(keyHash, found, siblingsTopDown);
    }

    private TreeNode read(NodeKey key, String what) {
        return reader.node(key).orElseThrow(() -> new MissingNodeException(key, what));
    }
}
