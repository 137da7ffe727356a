package io.meshledger.node.storage;

import java.util.Objects;

/**
 * One new node of the state tree, already encoded by the tree: the store keeps
 * bytes and never interprets them when writing.
 */
public record TreeNodeWrite(byte[] key, byte[] node) {
    public TreeNodeWrite {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(node, "node");
    }
}
