package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.meshledger.core.state.StateTreeFixtures.randomHash;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Kept slot-range hashes must never change a node's hash: a chain of node
 * versions, each hashed from the previous one's kept ranges, agrees at every
 * step with {@link SlotTree#hash}, the plain definition.
 */
class SlotHashesTest {
    private static final int VERSIONS = 400;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void incrementalHashesEqualTheFullDefinition(long seed) {
        Random random = new Random(seed);
        InternalNode previous = node(randomSlots(random, 0.5));
        previous.hashKeeping(null);
        for (int v = 0; v < VERSIONS; v++) {
            InternalNode.Child[] slots = slotsOf(previous);
            int edits = 1 + random.nextInt(random.nextInt(4) == 0 ? 16 : 2);
            for (int e = 0; e < edits; e++) {
                int n = random.nextInt(16);
                slots[n] = switch (random.nextInt(4)) {
                    case 0 -> null;
                    case 1 -> new InternalNode.Child(n, v, randomHash(random), true);
                    case 2 -> new InternalNode.Child(n, v, randomHash(random), false);
                    // Same hash, new version: the hash must not change.
                    default -> slots[n] == null ? null
                            : new InternalNode.Child(n, v + 1, slots[n].hash(), slots[n].leaf());
                };
            }
            InternalNode next = node(slots);
            Hash expected = SlotTree.hash(next.children());
            // Half the versions come from a node that kept nothing: the full computation.
            InternalNode base = random.nextBoolean() ? previous : new InternalNode(previous.children());
            assertEquals(expected, next.hashKeeping(base), "seed " + seed + ", version " + v);
            assertEquals(expected, next.hash());
            assertEquals(expected, new InternalNode(next.children()).hash());
            previous = next;
        }
    }

    private static InternalNode.Child[] randomSlots(Random random, double density) {
        InternalNode.Child[] slots = new InternalNode.Child[16];
        for (int n = 0; n < 16; n++) {
            if (random.nextDouble() < density) {
                slots[n] = new InternalNode.Child(n, 0, randomHash(random), random.nextBoolean());
            }
        }
        return slots;
    }

    private static InternalNode.Child[] slotsOf(InternalNode node) {
        InternalNode.Child[] slots = new InternalNode.Child[16];
        node.children().forEach(c -> slots[c.nibble()] = c);
        return slots;
    }

    /** The node of these slots, made canonical: a lone leaf becomes internal, no child at all gets one. */
    private static InternalNode node(InternalNode.Child[] slots) {
        List<InternalNode.Child> children = new ArrayList<>();
        for (InternalNode.Child c : slots) {
            if (c != null) {
                children.add(c);
            }
        }
        if (children.isEmpty()) {
            children.add(new InternalNode.Child(7, 0, hashOf(7), false));
        }
        if (children.size() == 1 && children.get(0).leaf()) {
            InternalNode.Child c = children.get(0);
            children.set(0, new InternalNode.Child(c.nibble(), c.version(), c.hash(), false));
        }
        return new InternalNode(children);
    }

    private static Hash hashOf(int seed) {
        return randomHash(new Random(seed));
    }
}
