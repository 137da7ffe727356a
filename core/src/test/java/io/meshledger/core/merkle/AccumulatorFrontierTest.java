package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AccumulatorFrontierTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void appendingInChunksGivesTheStoredAccumulatorsRootAtEverySize(long seed) {
        Random r = new Random(seed);
        InMemoryAccumulatorNodes nodes = new InMemoryAccumulatorNodes();
        AccumulatorFrontier frontier = AccumulatorFrontier.empty();
        long size = 0;
        for (int step = 0; step < 40; step++) {
            List<Hash> leaves = new ArrayList<>();
            int n = r.nextInt(20);
            for (int i = 0; i < n; i++) {
                byte[] data = new byte[8];
                r.nextBytes(data);
                leaves.add(MerkleAccumulator.leafHash(data));
            }
            AccumulatorFrontier before = frontier;
            Hash rootBefore = before.root();
            frontier = frontier.append(leaves);
            AppendResult stored = MerkleAccumulator.append(nodes, size, leaves);
            nodes.put(stored.newNodes());
            size = stored.newSize();
            assertEquals(stored.root(), frontier.root(), "root after " + size + " leaves");
            assertEquals(size, frontier.size());
            assertEquals(rootBefore, before.root(), "an append leaves the old frontier unchanged");
            AccumulatorFrontier read = AccumulatorFrontier.read(nodes, size);
            assertEquals(frontier.root(), read.root());
            assertEquals(frontier.append(leaves).root(), read.append(leaves).root(), "read frontiers continue alike");
        }
        assertEquals(MerkleAccumulator.emptyRoot(), AccumulatorFrontier.empty().root());
    }
}
