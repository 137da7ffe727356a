package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an append produced: the new size and root, and every node it completed
 * (the new leaves at level 0 and each perfect subtree they closed). Storing
 * {@code newNodes} next to the earlier nodes is all a store needs to serve the
 * new size. The map is a copy; it iterates in the order the nodes were completed.
 */
public record AppendResult(long newSize, Hash root, Map<NodePosition, Hash> newNodes) {
    public AppendResult {
        if (newSize < 0) {
            throw new IllegalArgumentException("new size must be >= 0, got " + newSize);
        }
        Objects.requireNonNull(root, "root");
        Map<NodePosition, Hash> copy = new LinkedHashMap<>();
        newNodes.forEach((position, hash) -> copy.put(
                Objects.requireNonNull(position, "position"), Objects.requireNonNull(hash, "hash")));
        newNodes = Collections.unmodifiableMap(copy);
    }
}
