package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/** Leaves, stores and instrumented readers shared by the accumulator tests. */
final class AccumulatorFixtures {
    private AccumulatorFixtures() {
    }

    /**
     * Leaf hashes of random transaction bytes, at least 16 of them so no two
     * leaves coincide: tamper tests rely on every leaf being distinct.
     */
    static List<Hash> randomLeaves(Random random, int count) {
        List<Hash> leaves = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[16 + random.nextInt(40)];
            random.nextBytes(data);
            leaves.add(MerkleAccumulator.leafHash(data));
        }
        return leaves;
    }

    static Hash randomHash(Random random) {
        byte[] bytes = new byte[Hash.LENGTH];
        random.nextBytes(bytes);
        return Hash.of(bytes);
    }

    /** A store holding {@code leaves}, built by one append. */
    static InMemoryAccumulatorNodes storeOf(List<Hash> leaves) {
        InMemoryAccumulatorNodes nodes = new InMemoryAccumulatorNodes();
        nodes.put(MerkleAccumulator.append(nodes, 0, leaves).newNodes());
        return nodes;
    }

    /** A copy of {@code hash} with bit {@code bit} (0..255) flipped. */
    static Hash flipBit(Hash hash, int bit) {
        byte[] bytes = hash.toArray();
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        return Hash.of(bytes);
    }

    /** True when the perfect subtree at {@code position} is complete in a tree of {@code size} leaves. */
    static boolean completeAt(NodePosition position, long size) {
        return position.index() < size >>> position.level();
    }

    /** ceil(log2 n) for n >= 1: the depth of the deepest leaf in a tree of n leaves. */
    static int depth(long n) {
        return 64 - Long.numberOfLeadingZeros(n - 1);
    }

    /** Counts and records reads, and fails the test on any read of a node not complete at {@code size}. */
    static final class AuditingReader implements AccumulatorNodeReader {
        private final AccumulatorNodeReader delegate;
        private final long size;
        private final List<NodePosition> reads = new ArrayList<>();

        AuditingReader(AccumulatorNodeReader delegate, long size) {
            this.delegate = delegate;
            this.size = size;
        }

        @Override
        public Optional<Hash> node(NodePosition position) {
            if (!completeAt(position, size)) {
                throw new AssertionError("read " + position + ", which is not complete at size " + size);
            }
            reads.add(position);
            return delegate.node(position);
        }

        int readCount() {
            return reads.size();
        }

        Set<NodePosition> distinctReads() {
            return new HashSet<>(reads);
        }
    }
}
