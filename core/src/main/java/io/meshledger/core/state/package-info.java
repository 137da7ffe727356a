/**
 * The versioned sparse Merkle tree that commits to contract state (Jellyfish
 * style, after Diem's Jellyfish Merkle Tree): key and value hashing
 * ({@link io.meshledger.core.state.StateKeys}), the node model and its byte
 * encodings ({@link io.meshledger.core.state.NodeKey},
 * {@link io.meshledger.core.state.TreeNode}), batch updates that produce the
 * nodes a block writes and the nodes it makes stale, roots of every applied
 * version, and presence/absence proofs with their verification
 * ({@link io.meshledger.core.state.SparseMerkleProof}).
 * <p>
 * The package owns no storage: nodes are read through
 * {@link io.meshledger.core.state.TreeReader}, which the node's storage layer
 * implements over RocksDB and {@link io.meshledger.core.state.InMemoryTreeStore}
 * implements over a map. Pruning stale nodes also belongs to storage.
 * <p>
 * Hashing, which every verifier must re-implement bit for bit:
 * <ul>
 * <li>key hash = {@link io.meshledger.core.state.StateKeys#keyHash}, value hash =
 *     {@link io.meshledger.core.state.StateKeys#valueHash};</li>
 * <li>the tree is a binary tree of depth 256 over the key hash bits, most
 *     significant bit of byte 0 first (0 = left);</li>
 * <li>an empty subtree hashes to the placeholder, 32 zero bytes
 *     ({@link io.meshledger.core.state.SparseMerkleTree#EMPTY_ROOT});</li>
 * <li>a subtree holding exactly one entry hashes to that entry's leaf hash
 *     SHA-256(0x20 || keyHash || valueHash), whatever its depth;</li>
 * <li>any other subtree hashes to SHA-256(0x21 || left || right).</li>
 * </ul>
 * The 16-ary nodes are only a storage layout over this binary tree: the root
 * is the same as a naive recursive computation over the sorted key hashes.
 */
package io.meshledger.core.state;
