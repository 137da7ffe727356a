package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Accumulator nodes held in a {@link HashMap}, for tests and light clients.
 * Not thread-safe: confine an instance to one thread or guard it externally.
 */
public final class InMemoryAccumulatorNodes implements AccumulatorNodeReader {
    private final Map<NodePosition, Hash> nodes = new HashMap<>();

    /**
     * Stores {@code newNodes}, typically {@link AppendResult#newNodes()}.
     * Storing a node again with the same hash is harmless; storing a different
     * hash at an existing position means two histories were mixed and fails
     * with {@link IllegalStateException}, leaving this store unchanged.
     */
    public void put(Map<NodePosition, Hash> newNodes) {
        for (Map.Entry<NodePosition, Hash> e : newNodes.entrySet()) {
            Objects.requireNonNull(e.getKey(), "position");
            Objects.requireNonNull(e.getValue(), "hash");
            Hash existing = nodes.get(e.getKey());
            if (existing != null && !existing.equals(e.getValue())) {
                throw new IllegalStateException("accumulator node " + e.getKey() + " is already stored as "
                        + existing.shortHex() + ", refusing to overwrite it with " + e.getValue().shortHex());
            }
        }
        nodes.putAll(newNodes);
    }

    @Override
    public Optional<Hash> node(NodePosition position) {
        return Optional.ofNullable(nodes.get(position));
    }

    /** How many nodes are stored. */
    public int size() {
        return nodes.size();
    }
}
