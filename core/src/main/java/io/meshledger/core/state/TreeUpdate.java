package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@link SparseMerkleTree#apply} produced, for storage to write in the
 * block's single WriteBatch.
 *
 * @param version    the version written
 * @param root       the root hash at {@code version}
 * @param newNodes   every node to write, always including the root at
 *                   {@code NodeKey.root(version)}; children come before their parents
 * @param staleNodes nodes of earlier versions that {@code version} no longer
 *                   reaches (always including the base version's root); storage may
 *                   delete them once no reader needs a version before {@code version}
 */
public record TreeUpdate(long version, Hash root, Map<NodeKey, TreeNode> newNodes, List<NodeKey> staleNodes) {
    public TreeUpdate {
        Objects.requireNonNull(root, "root");
        newNodes = Collections.unmodifiableMap(new LinkedHashMap<>(newNodes));
        staleNodes = List.copyOf(staleNodes);
    }
}
