package io.meshledger.node.execution;

import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.state.NodeKey;
import io.meshledger.core.state.SparseMerkleTree;
import io.meshledger.core.state.StateKeys;
import io.meshledger.core.state.TreeNode;
import io.meshledger.core.state.TreeUpdate;
import io.meshledger.node.storage.StateStore;
import io.meshledger.node.storage.StoreCorruptedException;
import io.meshledger.node.storage.TreeNodeWrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state commitment as a versioned sparse Merkle tree whose version is the
 * block height, read from the store's tree nodes. Every key of every contract
 * (and the runtime's own namespace) is a leaf at {@link StateKeys#keyHash}.
 */
final class TreeCommitment implements StateCommitment {
    /** Decoded nodes kept; the upper levels of the tree are read by every block. */
    private static final int CACHED_NODES = 200_000;

    private final SparseMerkleTree tree;
    /**
     * Only nodes read from the store are cached: stored nodes never change, while
     * the nodes an update creates are not durable until their block is.
     */
    private final Map<NodeKey, TreeNode> cache = new LinkedHashMap<>(1 << 16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeKey, TreeNode> eldest) {
            return size() > CACHED_NODES;
        }
    };

    TreeCommitment(StateStore store) {
        this.tree = new SparseMerkleTree(key -> read(store, key));
    }

    private Optional<TreeNode> read(StateStore store, NodeKey key) {
        synchronized (cache) {
            TreeNode cached = cache.get(key);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        Optional<TreeNode> node = store.treeNode(key.encode()).map(bytes -> decode(key, bytes));
        node.ifPresent(n -> {
            synchronized (cache) {
                cache.put(key, n);
            }
        });
        return node;
    }

    @Override
    public Committed apply(long height, NavigableMap<SlotKey, Optional<Bytes>> changes) {
        SortedMap<Hash, Optional<Hash>> leaves = new TreeMap<>();
        changes.forEach((slot, value) -> leaves.put(StateKeys.keyHash(slot.contract(), slot.key().unsafeArray()),
                value.map(v -> StateKeys.valueHash(v.unsafeArray()))));
        long base = height == 1 ? SparseMerkleTree.PRE_GENESIS_VERSION : height - 1;
        TreeUpdate update = tree.apply(base, height, leaves);
        List<TreeNodeWrite> nodes = new ArrayList<>(update.newNodes().size());
        update.newNodes().forEach((key, node) -> nodes.add(new TreeNodeWrite(key.encode(), node.encode())));
        return new Committed(update.root(), nodes);
    }

    private static TreeNode decode(NodeKey key, byte[] bytes) {
        try {
            return TreeNode.decode(bytes);
        } catch (DecodingException e) {
            throw StoreCorruptedException.atHeight(key.version(), "state tree node " + key + " does not decode: "
                    + e.getMessage(), e);
        }
    }
}
