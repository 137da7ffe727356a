package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;

import java.util.Optional;

/**
 * Reads stored accumulator nodes (only complete perfect subtrees are ever stored).
 * A node, once written, never changes: the accumulator relies on this to serve
 * roots and proofs for every past size from the same store.
 */
@FunctionalInterface
public interface AccumulatorNodeReader {
    /** The stored hash at {@code position}, or empty if that subtree was never stored. */
    Optional<Hash> node(NodePosition position);
}
