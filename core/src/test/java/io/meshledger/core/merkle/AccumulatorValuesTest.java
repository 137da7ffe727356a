package io.meshledger.core.merkle;

import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccumulatorValuesTest {
    private static final Hash ONE = Hash.fromHex("01".repeat(Hash.LENGTH));

    @Test
    void nodePositionAcceptsLevelsZeroToSixtyThreeAndNonNegativeIndexes() {
        assertEquals(63, new NodePosition(63, 0).level());
        assertEquals(Long.MAX_VALUE, new NodePosition(0, Long.MAX_VALUE).index());
        assertThrows(IllegalArgumentException.class, () -> new NodePosition(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new NodePosition(64, 0));
        assertThrows(IllegalArgumentException.class, () -> new NodePosition(0, -1));
    }

    @Test
    void proofsRejectNegativeNumbersAndKeepTheirOwnCopyOfThePath() {
        assertThrows(IllegalArgumentException.class, () -> new InclusionProof(-1, 1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new InclusionProof(0, -1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ConsistencyProof(-1, 1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ConsistencyProof(0, -1, List.of()));
        assertThrows(NullPointerException.class, () -> new InclusionProof(0, 1, Arrays.asList((Hash) null)));

        List<Hash> path = new ArrayList<>(List.of(ONE));
        InclusionProof inclusion = new InclusionProof(0, 2, path);
        ConsistencyProof consistency = new ConsistencyProof(1, 2, path);
        path.add(Hash.ZERO);
        assertEquals(List.of(ONE), inclusion.path());
        assertEquals(List.of(ONE), consistency.path());
        assertThrows(UnsupportedOperationException.class, () -> inclusion.path().add(ONE));
    }

    @Test
    void appendResultKeepsAnUnmodifiableCopyOfTheNewNodes() {
        Map<NodePosition, Hash> nodes = new HashMap<>(Map.of(new NodePosition(0, 0), ONE));
        AppendResult result = new AppendResult(1, ONE, nodes);
        nodes.put(new NodePosition(0, 1), ONE);

        assertEquals(Map.of(new NodePosition(0, 0), ONE), result.newNodes());
        assertThrows(UnsupportedOperationException.class, () -> result.newNodes().clear());
        assertThrows(IllegalArgumentException.class, () -> new AppendResult(-1, ONE, Map.of()));
    }

    @Test
    void inMemoryStoreRefusesToOverwriteANodeWithAnotherHash() {
        InMemoryAccumulatorNodes nodes = new InMemoryAccumulatorNodes();
        NodePosition position = new NodePosition(2, 3);
        nodes.put(Map.of(position, ONE));
        nodes.put(Map.of(position, ONE));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> nodes.put(Map.of(new NodePosition(0, 0), ONE, position, Hash.ZERO)));
        assertTrue(e.getMessage().contains("(level 2, index 3)"), e.getMessage());
        assertEquals(Optional.of(ONE), nodes.node(position));
        assertEquals(Optional.empty(), nodes.node(new NodePosition(0, 0)), "a refused put stores nothing");
        assertEquals(1, nodes.size());
    }

    @Test
    void proofCheckOutcomesSayWhetherTheyAreValid() {
        assertTrue(new ProofCheck.Valid().isValid());
        assertFalse(new ProofCheck.Invalid("because").isValid());
        assertThrows(NullPointerException.class, () -> new ProofCheck.Invalid(null));
    }
}
