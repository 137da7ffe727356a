package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static io.meshledger.core.merkle.AccumulatorFixtures.AuditingReader;
import static io.meshledger.core.merkle.AccumulatorFixtures.depth;
import static io.meshledger.core.merkle.AccumulatorFixtures.randomLeaves;
import static io.meshledger.core.merkle.AccumulatorFixtures.storeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InclusionProofTest {
    private static final int MAX_SIZE = 300;
    /** Up to this size every leaf is proven; above it a seeded sample keeps the naive reference fast. */
    private static final int EXHAUSTIVE_UP_TO = 128;
    private static final int SAMPLE = 24;

    static IntStream sizes() {
        return IntStream.rangeClosed(1, MAX_SIZE);
    }

    static IntStream seeds() {
        return IntStream.range(0, 40);
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("sizes")
    void proofOfEveryLeafEqualsTheReferencePathAndVerifies(int size) {
        Random random = new Random(size);
        // The store holds more leaves than the proven size: proofs for a past size must read only its complete nodes.
        List<Hash> leaves = randomLeaves(random, MAX_SIZE);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);
        List<Hash> tree = leaves.subList(0, size);
        Hash root = ReferenceMerkleTree.mth(tree);

        for (int index : leafIndexes(random, size)) {
            AuditingReader reader = new AuditingReader(nodes, size);
            InclusionProof proof = MerkleAccumulator.inclusionProof(reader, index, size);

            assertEquals(index, proof.leafIndex());
            assertEquals(size, proof.treeSize());
            assertEquals(ReferenceMerkleTree.path(index, tree), proof.path(), "path of leaf " + index);
            assertEquals(new ProofCheck.Valid(), proof.verify(tree.get(index), root), "leaf " + index);
            assertTrue(reader.readCount() <= 2 * depth(size), reader.readCount() + " reads for leaf " + index);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void proofsInTreesOfThousandsOfLeavesEqualTheReferenceAndReadLogarithmicallyManyNodes(int seed) {
        Random random = new Random(seed);
        int size = 1 + random.nextInt(4000);
        List<Hash> leaves = randomLeaves(random, size);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);
        Hash root = MerkleAccumulator.root(nodes, size);
        int index = random.nextInt(size);

        AuditingReader reader = new AuditingReader(nodes, size);
        InclusionProof proof = MerkleAccumulator.inclusionProof(reader, index, size);

        assertEquals(ReferenceMerkleTree.path(index, leaves), proof.path());
        assertTrue(proof.verify(leaves.get(index), root).isValid());
        assertTrue(reader.readCount() <= 2 * depth(size), reader.readCount() + " reads at size " + size);
    }

    @Test
    void proofOfALeafOutsideTheTreeIsRefused() {
        InMemoryAccumulatorNodes nodes = storeOf(randomLeaves(new Random(5), 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MerkleAccumulator.inclusionProof(nodes, 5, 5));
        assertEquals("leaf index 5 >= tree size 5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MerkleAccumulator.inclusionProof(nodes, -1, 5));
        assertThrows(IllegalArgumentException.class, () -> MerkleAccumulator.inclusionProof(nodes, 0, 0));
    }

    @Test
    void proofFromAStoreMissingANodeFailsNamingThePosition() {
        InMemoryAccumulatorNodes nodes = storeOf(randomLeaves(new Random(6), 7));
        NodePosition lost = new NodePosition(0, 6);
        AccumulatorNodeReader damaged = p -> p.equals(lost) ? Optional.empty() : nodes.node(p);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MerkleAccumulator.inclusionProof(damaged, 0, 7));
        assertTrue(e.getMessage().contains("(level 0, index 6)"), e.getMessage());
    }

    private static TreeSet<Integer> leafIndexes(Random random, int size) {
        TreeSet<Integer> indexes = new TreeSet<>();
        if (size <= EXHAUSTIVE_UP_TO) {
            IntStream.range(0, size).forEach(indexes::add);
            return indexes;
        }
        indexes.addAll(List.of(0, 1, size / 2, size - 2, size - 1));
        while (indexes.size() < SAMPLE) {
            indexes.add(random.nextInt(size));
        }
        return indexes;
    }
}
