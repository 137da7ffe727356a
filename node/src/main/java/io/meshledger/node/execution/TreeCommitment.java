package io.meshledger.node.execution;

import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.state.InternalNode;
import io.meshledger.core.state.NodeKey;
import io.meshledger.core.state.SlotDelta;
import io.meshledger.core.state.SparseMerkleTree;
import io.meshledger.core.state.StateKeys;
import io.meshledger.core.state.TreeNode;
import io.meshledger.core.state.TreeUpdate;
import io.meshledger.node.storage.StateStore;
import io.meshledger.node.storage.StoreCorruptedException;
import io.meshledger.node.storage.StoredTreeNode;
import io.meshledger.node.storage.TreeNodeWrite;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state commitment as a versioned sparse Merkle tree whose version is the
 * block height, read from the store's tree nodes. Every key of every contract
 * (and the runtime's own namespace) is a leaf at {@link StateKeys#keyHash}.
 * <p>
 * Used only by the ledger writer thread, which executes blocks in height order.
 */
final class TreeCommitment implements StateCommitment {
    /**
     * Internal nodes kept below the levels the cache always holds (up to 69,905
     * more): a tree of half a million keys has about 90,000 there.
     */
    static final int CACHED_NODES = 130_000;
    /**
     * Longest chain of slot deltas written: a node of depth 4 or less is stored whole at
     * least every this many rewrites, so reading one the cache lacks (a proof of
     * an older height, the first block after a restart) takes at most this many
     * more reads, while the other rewrites store about a tenth of the bytes.
     */
    static final int MAX_DELTA_CHAIN = 8;

    private final StateStore store;
    private final TreeNodeCache cache;
    private final SparseMerkleTree tree;

    TreeCommitment(StateStore store) {
        this(store, new TreeNodeCache(CACHED_NODES));
    }

    TreeCommitment(StateStore store, TreeNodeCache cache) {
        this.store = store;
        this.cache = cache;
        this.tree = new SparseMerkleTree(this::read);
    }

    private Optional<TreeNode> read(NodeKey key) {
        Optional<TreeNode> cached = cache.get(key);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<StoredTreeNode> stored = store.storedTreeNode(key.encode());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        TreeNode node = decode(key, stored.get().encoded());
        cache.putStored(key, node, stored.get().encoded(), stored.get().chain());
        return Optional.of(node);
    }

    @Override
    public Committed apply(long height, NavigableMap<SlotKey, Optional<Bytes>> changes) {
        SortedMap<Hash, Optional<Hash>> leaves = new TreeMap<>();
        changes.forEach((slot, value) -> leaves.put(StateKeys.keyHash(slot.contract(), slot.key().unsafeArray()),
                value.map(v -> StateKeys.valueHash(v.unsafeArray()))));
        long base = height == 1 ? SparseMerkleTree.PRE_GENESIS_VERSION : height - 1;
        // The previous block's nodes are read again by this one, if that block is the one the store committed.
        cache.confirm(base, store::stateRoot);
        TreeUpdate update = tree.apply(base, height, leaves);
        List<TreeNodeWrite> nodes = new ArrayList<>(update.newNodes().size());
        List<TreeNodeCache.NewNode> created = new ArrayList<>(update.newNodes().size());
        update.newNodes().forEach((key, node) -> {
            byte[] encoded = node.encode();
            Optional<Delta> delta = delta(node, update.replaced().get(key));
            nodes.add(new TreeNodeWrite(key.encode(), delta.map(Delta::bytes).orElse(encoded)));
            created.add(new TreeNodeCache.NewNode(key, node, encoded, delta.map(Delta::chain).orElse(0)));
        });
        cache.created(height, update.root(), created);
        return new Committed(update.root(), nodes);
    }

    /** A node as the store writes it: slot deltas from the node it replaced, {@code chain} deltas from a whole one. */
    private record Delta(byte[] bytes, int chain) {
    }

    /**
     * {@code node} as a slot delta from {@code replacedOrNull}, the node it
     * replaces at its path, unless that would make too long a chain or save
     * nothing. The update read the replaced node, so the cache holds it, and
     * with it the chain it is stored at: the choice depends on the tree alone,
     * so every node, and an auditor replaying the chain, stores the same bytes.
     */
    private Optional<Delta> delta(TreeNode node, TreeUpdate.Replaced replacedOrNull) {
        if (replacedOrNull == null || !(node instanceof InternalNode internal)) {
            return Optional.empty();
        }
        OptionalInt baseChain = cache.chain(replacedOrNull.key());
        if (baseChain.isEmpty() || baseChain.getAsInt() >= MAX_DELTA_CHAIN) {
            return Optional.empty();
        }
        int chain = baseChain.getAsInt() + 1;
        byte[] bytes = SlotDelta.encode(replacedOrNull.key().version(), chain, replacedOrNull.node(), internal);
        return bytes == null ? Optional.empty() : Optional.of(new Delta(bytes, chain));
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
