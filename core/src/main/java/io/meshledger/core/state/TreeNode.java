package io.meshledger.core.state;

import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;

/**
 * A stored node of the state tree: an {@link InternalNode} (16 child slots) or a
 * {@link LeafNode} (one entry, at the shortest path that no other key shares).
 * <p>
 * Encoding (the RocksDB value in column family {@code state_nodes}) starts with a
 * tag byte: {@value #INTERNAL_TAG} for an internal node, {@value #LEAF_TAG} for a
 * leaf; each type documents the rest.
 */
public sealed interface TreeNode permits InternalNode, LeafNode {
    /** First byte of an encoded {@link InternalNode}. */
    byte INTERNAL_TAG = 0x01;
    /** First byte of an encoded {@link LeafNode}. */
    byte LEAF_TAG = 0x02;

    /** The hash of the subtree rooted here, as the binary tree defines it. */
    Hash hash();

    /** Canonical bytes; {@link #decode(byte[])} gives back an equal node. */
    byte[] encode();

    /**
     * Decodes a node written by {@link #encode()}.
     *
     * @throws DecodingException naming what is wrong with {@code bytes}: empty,
     *         unknown tag, wrong length, or a field that breaks a node invariant
     */
    static TreeNode decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new DecodingException("tree node is empty");
        }
        return switch (bytes[0]) {
            case INTERNAL_TAG -> InternalNode.decodeTagged(bytes);
            case LEAF_TAG -> LeafNode.decodeTagged(bytes);
            default -> throw new DecodingException(String.format("unknown tree node tag 0x%02x", bytes[0] & 0xff));
        };
    }
}
