package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@link SparseMerkleTree#apply} produced, for storage to write in the
 * block's single WriteBatch. The collections given are taken over as they
 * are, not copied: whoever builds an update must not change them afterwards.
 *
 * @param version    the version written
 * @param root       the root hash at {@code version}
 * @param newNodes   every node to write, always including the root at
 *                   {@code NodeKey.root(version)}; children come before their parents
 * @param staleNodes nodes of earlier versions that {@code version} no longer
 *                   reaches (always including the base version's root); storage may
 *                   delete them once no reader needs a version before {@code version},
 *                   and no stored {@link SlotDelta} still has them as its base
 * @param replaced   for each new internal node of depth 4 or less (the levels a
 *                   large tree rewrites a node of on nearly every change), the key
 *                   of the internal node it replaces at the same path in the base
 *                   version, and that node: what storage may write it as a
 *                   {@link SlotDelta} of
 */
public record TreeUpdate(long version, Hash root, Map<NodeKey, TreeNode> newNodes, List<NodeKey> staleNodes,
                         Map<NodeKey, Replaced> replaced) {
    /**
     * The internal node a new one replaces at the same path: where it is stored,
     * and the node itself (which the update read anyway), so that storage can
     * write the new node as a delta from it without reading it again.
     */
    public record Replaced(NodeKey key, InternalNode node) {
        public Replaced {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(node, "node");
        }
    }

    public TreeUpdate {
        Objects.requireNonNull(root, "root");
        // Wrapped, not copied: a block's update holds several nodes per changed key, and the update that
        // builds these collections hands them over and never touches them again.
        newNodes = Collections.unmodifiableMap(newNodes);
        staleNodes = Collections.unmodifiableList(staleNodes);
        replaced = Collections.unmodifiableMap(replaced);
    }
}
