package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static io.meshledger.core.merkle.AccumulatorFixtures.AuditingReader;
import static io.meshledger.core.merkle.AccumulatorFixtures.depth;
import static io.meshledger.core.merkle.AccumulatorFixtures.randomHash;
import static io.meshledger.core.merkle.AccumulatorFixtures.randomLeaves;
import static io.meshledger.core.merkle.AccumulatorFixtures.storeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsistencyProofTest {
    private static final int EXHAUSTIVE_UP_TO = 130;

    static IntStream secondSizes() {
        return IntStream.rangeClosed(1, EXHAUSTIVE_UP_TO);
    }

    static IntStream seeds() {
        return IntStream.range(0, 60);
    }

    @ParameterizedTest(name = "second size {0}")
    @MethodSource("secondSizes")
    void proofBetweenEveryPairOfSizesEqualsTheReferenceAndVerifies(int secondSize) {
        // The store holds more leaves than either size: proofs between past sizes read only their complete nodes.
        List<Hash> leaves = randomLeaves(new Random(secondSize), EXHAUSTIVE_UP_TO + 7);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);
        List<Hash> second = leaves.subList(0, secondSize);
        Hash secondRoot = ReferenceMerkleTree.mth(second);

        for (int firstSize = 1; firstSize <= secondSize; firstSize++) {
            assertProofMatchesReference(nodes, leaves, firstSize, secondSize, secondRoot);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void proofBetweenRandomSizesUpToThousandsEqualsTheReferenceAndVerifies(int seed) {
        Random random = new Random(seed);
        int secondSize = 1 + random.nextInt(4000);
        int firstSize = switch (seed % 4) {
            case 0 -> secondSize - random.nextInt(Math.min(secondSize, 5));
            case 1 -> Integer.highestOneBit(secondSize);
            default -> 1 + random.nextInt(secondSize);
        };
        List<Hash> leaves = randomLeaves(random, secondSize);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);

        assertProofMatchesReference(nodes, leaves, firstSize, secondSize, ReferenceMerkleTree.mth(leaves));
    }

    @Test
    void proofFromTheEmptyTreeIsEmptyAndVerifiesOnlyAgainstTheEmptyRoot() {
        List<Hash> leaves = randomLeaves(new Random(1), 9);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);
        Hash root = MerkleAccumulator.root(nodes, 9);

        ConsistencyProof proof = MerkleAccumulator.consistencyProof(nodes, 0, 9);

        assertEquals(List.of(), proof.path());
        assertTrue(proof.verify(MerkleAccumulator.emptyRoot(), root).isValid());
        assertFalse(proof.verify(root, root).isValid());
        assertTrue(MerkleAccumulator.consistencyProof(nodes, 0, 0)
                .verify(MerkleAccumulator.emptyRoot(), MerkleAccumulator.emptyRoot()).isValid());
    }

    @Test
    void proofBetweenEqualSizesIsEmptyAndVerifiesOnlyForEqualRoots() {
        List<Hash> leaves = randomLeaves(new Random(2), 9);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);
        Hash root = MerkleAccumulator.root(nodes, 9);

        ConsistencyProof proof = MerkleAccumulator.consistencyProof(nodes, 9, 9);

        assertEquals(List.of(), proof.path());
        assertTrue(proof.verify(root, root).isValid());
        ProofCheck mismatch = proof.verify(root, randomHash(new Random(3)));
        assertFalse(mismatch.isValid());
        assertTrue(((ProofCheck.Invalid) mismatch).reason().contains("equal sizes 9"), mismatch.toString());
    }

    @Test
    void proofFromALargerToASmallerTreeIsRefused() {
        InMemoryAccumulatorNodes nodes = storeOf(randomLeaves(new Random(4), 9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MerkleAccumulator.consistencyProof(nodes, 9, 5));
        assertEquals("first size 9 > second size 5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MerkleAccumulator.consistencyProof(nodes, -1, 5));
    }

    private static void assertProofMatchesReference(AccumulatorNodeReader nodes, List<Hash> leaves,
            int firstSize, int secondSize, Hash secondRoot) {
        Hash firstRoot = ReferenceMerkleTree.mth(leaves.subList(0, firstSize));
        AuditingReader reader = new AuditingReader(nodes, secondSize);

        ConsistencyProof proof = MerkleAccumulator.consistencyProof(reader, firstSize, secondSize);

        String pair = firstSize + " -> " + secondSize;
        assertEquals(firstSize, proof.firstSize());
        assertEquals(secondSize, proof.secondSize());
        assertEquals(ReferenceMerkleTree.proof(firstSize, new ArrayList<>(leaves.subList(0, secondSize))),
                proof.path(), pair);
        assertEquals(new ProofCheck.Valid(), proof.verify(firstRoot, secondRoot), pair);
        assertTrue(reader.readCount() <= 2 * depth(secondSize) + 1, reader.readCount() + " reads for " + pair);
    }
}
