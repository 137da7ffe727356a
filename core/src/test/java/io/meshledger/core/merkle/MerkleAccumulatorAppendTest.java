package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static io.meshledger.core.merkle.AccumulatorFixtures.AuditingReader;
import static io.meshledger.core.merkle.AccumulatorFixtures.randomLeaves;
import static io.meshledger.core.merkle.AccumulatorFixtures.storeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MerkleAccumulatorAppendTest {
    private static final int MAX_SIZE = 300;

    static IntStream sizesUpTo300() {
        return IntStream.rangeClosed(0, MAX_SIZE);
    }

    static IntStream seeds() {
        return IntStream.range(0, 20);
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("sizesUpTo300")
    void rootAtEverySizeEqualsTheRfcReference(int size) {
        List<Hash> leaves = randomLeaves(new Random(size), size);
        Hash expected = ReferenceMerkleTree.mth(leaves);

        InMemoryAccumulatorNodes nodes = new InMemoryAccumulatorNodes();
        AppendResult result = MerkleAccumulator.append(nodes, 0, leaves);
        nodes.put(result.newNodes());

        assertEquals(size, result.newSize());
        assertEquals(expected, result.root(), "root returned by append");
        assertEquals(expected, MerkleAccumulator.root(nodes, size), "root read back from the store");
        assertEquals(expected, MerkleAccumulator.rootOf(leaves), "root of the in-memory list");
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("sizesUpTo300")
    void storeHoldsExactlyTheCompletePerfectSubtrees(int size) {
        List<Hash> leaves = randomLeaves(new Random(size), size);
        Map<NodePosition, Hash> nodes = MerkleAccumulator.append(new InMemoryAccumulatorNodes(), 0, leaves).newNodes();

        Set<NodePosition> expected = new HashSet<>();
        for (int level = 0; (1L << level) <= size; level++) {
            for (long index = 0; (index + 1) << level <= size; index++) {
                expected.add(new NodePosition(level, index));
            }
        }
        assertEquals(expected, nodes.keySet());
        assertEquals(2L * size - Long.bitCount(size), nodes.size());
        for (Map.Entry<NodePosition, Hash> e : nodes.entrySet()) {
            int first = Math.toIntExact(e.getKey().index() << e.getKey().level());
            List<Hash> covered = leaves.subList(first, first + (1 << e.getKey().level()));
            assertEquals(ReferenceMerkleTree.mth(covered), e.getValue(), "node " + e.getKey());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void appendingInRandomChunksGivesTheSameNodesAndRootsAsOneByOne(int seed) {
        Random random = new Random(seed);
        List<Hash> leaves = randomLeaves(random, 200 + random.nextInt(200));

        InMemoryAccumulatorNodes oneByOne = new InMemoryAccumulatorNodes();
        Map<NodePosition, Hash> oneByOneNodes = new LinkedHashMap<>();
        List<Hash> oneByOneRoots = new ArrayList<>(List.of(MerkleAccumulator.emptyRoot()));
        for (int i = 0; i < leaves.size(); i++) {
            AppendResult r = MerkleAccumulator.append(oneByOne, i, List.of(leaves.get(i)));
            oneByOne.put(r.newNodes());
            oneByOneNodes.putAll(r.newNodes());
            oneByOneRoots.add(r.root());
        }

        InMemoryAccumulatorNodes chunked = new InMemoryAccumulatorNodes();
        Map<NodePosition, Hash> chunkedNodes = new LinkedHashMap<>();
        int size = 0;
        while (size < leaves.size()) {
            int chunk = Math.min(leaves.size() - size, random.nextInt(random.nextBoolean() ? 4 : 70));
            AppendResult r = MerkleAccumulator.append(chunked, size, leaves.subList(size, size + chunk));
            chunked.put(r.newNodes());
            chunkedNodes.putAll(r.newNodes());
            size += chunk;
            assertEquals(size, r.newSize());
            assertEquals(oneByOneRoots.get(size), r.root(), "root after a chunk ending at size " + size);
        }

        assertEquals(oneByOneNodes, chunkedNodes);
        assertEquals(oneByOne.size(), chunked.size());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void historicRootsAtEveryPastSizeStayAvailableAfterMoreAppends(int seed) {
        Random random = new Random(seed);
        List<Hash> leaves = randomLeaves(random, MAX_SIZE);
        InMemoryAccumulatorNodes nodes = new InMemoryAccumulatorNodes();
        int size = 0;
        while (size < leaves.size()) {
            int chunk = Math.min(leaves.size() - size, 1 + random.nextInt(50));
            nodes.put(MerkleAccumulator.append(nodes, size, leaves.subList(size, size + chunk)).newNodes());
            size += chunk;
        }

        for (int past = 0; past <= MAX_SIZE; past++) {
            AuditingReader reader = new AuditingReader(nodes, past);
            assertEquals(ReferenceMerkleTree.mth(leaves.subList(0, past)), MerkleAccumulator.root(reader, past),
                    "root at past size " + past);
            assertEquals(Long.bitCount(past), reader.readCount(), "reads for the root at size " + past);
        }
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("sizesUpTo300")
    void appendReadsOnlyTheRightFrontierOnce(int size) {
        Random random = new Random(size);
        List<Hash> leaves = randomLeaves(random, size + 3);
        InMemoryAccumulatorNodes nodes = storeOf(leaves.subList(0, size));
        AuditingReader reader = new AuditingReader(nodes, size);

        AppendResult r = MerkleAccumulator.append(reader, size, leaves.subList(size, size + 1 + random.nextInt(3)));

        assertEquals(Long.bitCount(size), reader.readCount());
        assertEquals(reader.readCount(), reader.distinctReads().size(), "no node is read twice");
        assertEquals(ReferenceMerkleTree.mth(leaves.subList(0, (int) r.newSize())), r.root());
    }

    @Test
    void appendingNoLeavesReturnsTheCurrentRootAndNoNodes() {
        List<Hash> leaves = randomLeaves(new Random(1), 13);
        InMemoryAccumulatorNodes nodes = storeOf(leaves);

        AppendResult r = MerkleAccumulator.append(nodes, 13, List.of());

        assertEquals(13, r.newSize());
        assertEquals(ReferenceMerkleTree.mth(leaves), r.root());
        assertTrue(r.newNodes().isEmpty());
    }

    @Test
    void emptyAccumulatorHasTheRfcEmptyRoot() {
        Hash sha256OfNothing = Hash.fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertEquals(sha256OfNothing, MerkleAccumulator.emptyRoot());
        assertEquals(sha256OfNothing, MerkleAccumulator.root(p -> Optional.empty(), 0));
        assertEquals(sha256OfNothing, MerkleAccumulator.rootOf(List.of()));
        assertEquals(sha256OfNothing, MerkleAccumulator.append(p -> Optional.empty(), 0, List.of()).root());
    }

    @Test
    void newNodesComeBottomUpInTheOrderTheyWereCompleted() {
        List<Hash> leaves = randomLeaves(new Random(2), 4);
        List<NodePosition> order = List.copyOf(MerkleAccumulator.append(new InMemoryAccumulatorNodes(), 0, leaves)
                .newNodes().keySet());
        assertEquals(List.of(new NodePosition(0, 0), new NodePosition(0, 1), new NodePosition(1, 0),
                new NodePosition(0, 2), new NodePosition(0, 3), new NodePosition(1, 1), new NodePosition(2, 0)), order);
    }

    @Test
    void appendToAStoreMissingAFrontierNodeFailsNamingThePosition() {
        InMemoryAccumulatorNodes nodes = storeOf(randomLeaves(new Random(3), 6));
        NodePosition lost = new NodePosition(1, 2);
        AccumulatorNodeReader damaged = p -> p.equals(lost) ? Optional.empty() : nodes.node(p);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MerkleAccumulator.append(damaged, 6, List.of(Hash.ZERO)));
        assertTrue(e.getMessage().contains("(level 1, index 2)"), e.getMessage());
        IllegalStateException rootFailure = assertThrows(IllegalStateException.class,
                () -> MerkleAccumulator.root(damaged, 7));
        assertTrue(rootFailure.getMessage().contains("(level 1, index 2)"), rootFailure.getMessage());
    }

    @Test
    void negativeSizesAndOverflowingAppendsAreRejected() {
        AccumulatorNodeReader none = p -> Optional.empty();
        assertThrows(IllegalArgumentException.class, () -> MerkleAccumulator.append(none, -1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> MerkleAccumulator.root(none, -1));
        IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
                () -> MerkleAccumulator.append(none, Long.MAX_VALUE, List.of(Hash.ZERO)));
        assertTrue(overflow.getMessage().contains(Long.toString(Long.MAX_VALUE)), overflow.getMessage());
    }
}
