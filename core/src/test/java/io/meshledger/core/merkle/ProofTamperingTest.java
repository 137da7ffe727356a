package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.meshledger.core.merkle.AccumulatorFixtures.flipBit;
import static io.meshledger.core.merkle.AccumulatorFixtures.randomHash;
import static io.meshledger.core.merkle.AccumulatorFixtures.randomLeaves;
import static io.meshledger.core.merkle.AccumulatorFixtures.storeOf;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProofTamperingTest {
    private static final int STORE_SIZE = 300;
    /** Extra sizes probed beyond the proven one when relabelling a proof. */
    private static final int RELABEL_MARGIN = 40;

    static IntStream treeSizes() {
        return IntStream.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 31, 32, 33, 100, 255, 257, 300);
    }

    static Stream<Arguments> sizePairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            for (int m = 1; m < n; m++) {
                pairs.add(Arguments.of(m, n));
            }
        }
        pairs.addAll(List.of(Arguments.of(1, 300), Arguments.of(7, 300), Arguments.of(64, 300),
                Arguments.of(100, 257), Arguments.of(255, 256), Arguments.of(129, 130), Arguments.of(31, 33)));
        return pairs.stream();
    }

    static IntStream seeds() {
        return IntStream.range(0, 200);
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("treeSizes")
    void everyTamperedInclusionProofFails(int size) {
        Random random = new Random(size);
        List<Hash> leaves = randomLeaves(random, STORE_SIZE);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);
        Hash root = MerkleAccumulator.root(nodes, size);

        for (int index : size <= 33 ? IntStream.range(0, size).toArray() : new int[] {0, size / 3, size - 1}) {
            InclusionProof proof = MerkleAccumulator.inclusionProof(nodes, index, size);
            Hash leaf = leaves.get(index);
            assertTrue(proof.verify(leaf, root).isValid(), "the untampered proof must verify");

            for (List<Hash> path : tamperedPaths(proof.path(), random)) {
                assertInvalid(() -> new InclusionProof(index, size, path).verify(leaf, root));
            }
            for (int other = 0; other < STORE_SIZE; other++) {
                if (other != index) {
                    Hash otherLeaf = leaves.get(other);
                    assertInvalid(() -> proof.verify(otherLeaf, root));
                    int wrongIndex = other;
                    assertInvalid(() -> new InclusionProof(wrongIndex, size, proof.path()).verify(leaf, root));
                }
            }
            for (int bit = 0; bit < 256; bit += 37) {
                int b = bit;
                assertInvalid(() -> proof.verify(flipBit(leaf, b), root));
                assertInvalid(() -> proof.verify(leaf, flipBit(root, b)));
            }
            for (long wrongIndex : new long[] {size, size + 1L, Long.MAX_VALUE}) {
                assertInvalid(() -> new InclusionProof(wrongIndex, size, proof.path()).verify(leaf, root));
            }
            for (int otherSize = 0; otherSize <= Math.min(STORE_SIZE, size + RELABEL_MARGIN); otherSize++) {
                if (otherSize != size) {
                    Hash otherRoot = MerkleAccumulator.root(nodes, otherSize);
                    int claimed = otherSize;
                    assertInvalid(() -> new InclusionProof(index, claimed, proof.path()).verify(leaf, otherRoot));
                    assertInvalid(() -> proof.verify(leaf, otherRoot));
                }
            }
            assertInvalid(() -> new InclusionProof(index, Long.MAX_VALUE, proof.path()).verify(leaf, root));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("sizePairs")
    void everyTamperedConsistencyProofFails(int firstSize, int secondSize) {
        Random random = new Random(31L * firstSize + secondSize);
        List<Hash> leaves = randomLeaves(random, STORE_SIZE + RELABEL_MARGIN);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);
        Hash firstRoot = MerkleAccumulator.root(nodes, firstSize);
        Hash secondRoot = MerkleAccumulator.root(nodes, secondSize);
        ConsistencyProof proof = MerkleAccumulator.consistencyProof(nodes, firstSize, secondSize);
        assertTrue(proof.verify(firstRoot, secondRoot).isValid(), "the untampered proof must verify");

        for (List<Hash> path : tamperedPaths(proof.path(), random)) {
            assertInvalid(() -> new ConsistencyProof(firstSize, secondSize, path).verify(firstRoot, secondRoot));
        }
        for (int bit = 0; bit < 256; bit += 37) {
            int b = bit;
            assertInvalid(() -> proof.verify(flipBit(firstRoot, b), secondRoot));
            assertInvalid(() -> proof.verify(firstRoot, flipBit(secondRoot, b)));
        }
        assertInvalid(() -> proof.verify(secondRoot, firstRoot));
        List<Hash> path = proof.path();
        for (int otherSize = 0; otherSize <= secondSize + RELABEL_MARGIN; otherSize++) {
            Hash otherRoot = MerkleAccumulator.root(nodes, otherSize);
            int claimed = otherSize;
            if (otherSize != firstSize) {
                assertInvalid(() -> proof.verify(otherRoot, secondRoot));
                assertInvalid(() -> new ConsistencyProof(claimed, secondSize, path).verify(otherRoot, secondRoot));
            }
            if (otherSize != secondSize) {
                assertInvalid(() -> proof.verify(firstRoot, otherRoot));
                assertInvalid(() -> new ConsistencyProof(firstSize, claimed, path).verify(firstRoot, otherRoot));
            }
        }
        assertInvalid(() -> new ConsistencyProof(secondSize, firstSize, path).verify(secondRoot, firstRoot));
        assertInvalid(() -> new ConsistencyProof(firstSize, Long.MAX_VALUE, path).verify(firstRoot, secondRoot));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void verifiersRejectArbitraryInputWithAReasonInsteadOfThrowing(int seed) {
        Random random = new Random(seed);
        List<Hash> path = new ArrayList<>();
        int length = random.nextInt(4) == 0 ? 0 : random.nextInt(70);
        for (int i = 0; i < length; i++) {
            path.add(randomHash(random));
        }
        long a = arbitrarySize(random);
        long b = arbitrarySize(random);
        Hash x = random.nextInt(10) == 0 ? null : randomHash(random);
        Hash y = random.nextInt(10) == 0 ? null : randomHash(random);

        assertInvalid(() -> new InclusionProof(a, b, path).verify(x, y));
        assertInvalid(() -> new ConsistencyProof(a, b, path).verify(x, y));
    }

    @Test
    void rejectionReasonsNameTheNumbersInvolved() {
        assertReason("leaf index 7 >= tree size 5",
                new InclusionProof(7, 5, List.of()).verify(Hash.ZERO, Hash.ZERO));
        assertReason("leaf index 0 >= tree size 0",
                new InclusionProof(0, 0, List.of()).verify(Hash.ZERO, Hash.ZERO));
        assertReason("inclusion path has 0 hashes, expected 3 for leaf 2 in a tree of size 7",
                new InclusionProof(2, 7, List.of()).verify(Hash.ZERO, Hash.ZERO));
        assertReason("first size 9 > second size 5",
                new ConsistencyProof(9, 5, List.of()).verify(Hash.ZERO, Hash.ZERO));
        assertReason("consistency path has 1 hashes, expected 4 for sizes 3 -> 7",
                new ConsistencyProof(3, 7, List.of(Hash.ZERO)).verify(Hash.ZERO, Hash.ZERO));

        List<Hash> leaves = randomLeaves(new Random(9), 5);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);
        Hash root = MerkleAccumulator.root(nodes, 5);
        InclusionProof proof = MerkleAccumulator.inclusionProof(nodes, 1, 5);
        ProofCheck wrongRoot = proof.verify(leaves.get(1), Hash.ZERO);
        String reason = assertInstanceOf(ProofCheck.Invalid.class, wrongRoot).reason();
        assertTrue(reason.startsWith("computed root " + root.shortHex() + " != expected 00000000"), reason);
    }

    /**
     * RFC 9162 proofs do not carry the tree size inside the hashes: the verifier
     * must take the size from the same trusted source as the root. Here the proof
     * for leaf 2 of 3 also "proves" leaf 1 of a 2-leaf tree against the 3-leaf root.
     */
    @Test
    void aRootTrustedWithoutItsSizeDoesNotPinTheLeafIndex() {
        List<Hash> leaves = randomLeaves(new Random(10), 3);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);
        Hash rootOfThree = MerkleAccumulator.root(nodes, 3);
        InclusionProof proof = MerkleAccumulator.inclusionProof(nodes, 2, 3);

        InclusionProof relabelled = new InclusionProof(1, 2, proof.path());

        assertTrue(relabelled.verify(leaves.get(2), rootOfThree).isValid());
        assertFalse(relabelled.verify(leaves.get(2), MerkleAccumulator.root(nodes, 2)).isValid());
    }

    /** Every single-bit flip of every element, each element dropped, a hash added anywhere, duplicated or reordered. */
    private static List<List<Hash>> tamperedPaths(List<Hash> path, Random random) {
        List<List<Hash>> tampered = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            for (int bit = 0; bit < 256; bit++) {
                List<Hash> copy = new ArrayList<>(path);
                copy.set(i, flipBit(path.get(i), bit));
                tampered.add(copy);
            }
            List<Hash> dropped = new ArrayList<>(path);
            dropped.remove(i);
            tampered.add(dropped);
            List<Hash> duplicated = new ArrayList<>(path);
            duplicated.add(i, path.get(i));
            tampered.add(duplicated);
            for (int j = i + 1; j < path.size(); j++) {
                if (!path.get(i).equals(path.get(j))) {
                    List<Hash> swapped = new ArrayList<>(path);
                    swapped.set(i, path.get(j));
                    swapped.set(j, path.get(i));
                    tampered.add(swapped);
                }
            }
        }
        for (int i = 0; i <= path.size(); i++) {
            List<Hash> added = new ArrayList<>(path);
            added.add(i, randomHash(random));
            tampered.add(added);
        }
        return tampered;
    }

    private static long arbitrarySize(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> random.nextInt(1000);
            case 3 -> Long.MAX_VALUE - random.nextInt(3);
            case 4 -> 1L << random.nextInt(63);
            default -> random.nextLong() & Long.MAX_VALUE;
        };
    }

    private static void assertInvalid(Supplier<ProofCheck> check) {
        ProofCheck result = assertDoesNotThrow(check::get);
        ProofCheck.Invalid invalid = assertInstanceOf(ProofCheck.Invalid.class, result);
        assertFalse(invalid.reason().isBlank());
        assertFalse(invalid.isValid());
    }

    private static void assertReason(String expected, ProofCheck check) {
        assertEquals(new ProofCheck.Invalid(expected), check);
    }
}
