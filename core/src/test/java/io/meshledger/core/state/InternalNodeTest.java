package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.meshledger.core.state.StateTreeFixtures.randomHash;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packed node must behave as the list of children it was built from: the
 * same children back, slot by slot, through the builder, through the encoding,
 * and for every slot accessor the update uses.
 */
class InternalNodeTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void packedNodesGiveBackTheirChildren(long seed) {
        Random random = new Random(seed);
        // One builder for every round, as an update uses it: reset must leave nothing of the last node behind.
        InternalNode.Builder reused = new InternalNode.Builder();
        for (int round = 0; round < 200; round++) {
            List<InternalNode.Child> children = randomChildren(random);
            InternalNode node = new InternalNode(children);
            assertEquals(children, node.children());
            assertEquals(children.size(), node.childCount());
            InternalNode.Builder builder = reused.reset();
            InternalNode source = new InternalNode(children);
            for (InternalNode.Child c : children) {
                if (random.nextBoolean()) {
                    builder.add(c.nibble(), c.version(), c.hash(), c.leaf());
                } else {
                    builder.copy(source, c.nibble());
                }
            }
            InternalNode built = builder.build();
            assertEquals(node, built);
            assertEquals(node.hashCode(), built.hashCode());
            assertArrayEquals(node.encode(), built.encode());
            assertEquals(node, TreeNode.decode(node.encode()));
            assertEquals(node.hash(), built.hash());
            for (int n = 0; n < 16; n++) {
                int nibble = n;
                var child = children.stream().filter(c -> c.nibble() == nibble).findFirst();
                assertEquals(child, node.child(n));
                if (child.isPresent()) {
                    assertEquals(child.get().hash(), node.slotHash(n));
                    assertEquals(child.get().version(), node.slotVersion(n));
                    assertEquals(child.get().leaf(), node.slotIsLeaf(n));
                }
            }
        }
    }

    @Test
    void theBuilderRefusesSlotsOutOfOrder() {
        Hash h = Hash.of(new byte[Hash.LENGTH]);
        InternalNode.Builder builder = new InternalNode.Builder().add(5, 1, h, false);
        assertThrows(IllegalArgumentException.class, () -> builder.add(5, 1, h, false));
        assertThrows(IllegalArgumentException.class, () -> builder.add(4, 1, h, false));
        assertThrows(IllegalArgumentException.class, () -> builder.add(16, 1, h, false));
        assertThrows(IllegalArgumentException.class, () -> builder.add(6, -1, h, false));
        assertThrows(IllegalArgumentException.class, () -> new InternalNode.Builder().add(3, 1, h, true).build(),
                "a lone leaf child is not canonical");
    }

    @Test
    void nodesDifferingInOneSlotAreNotEqual() {
        Random random = new Random(9);
        List<InternalNode.Child> children = new ArrayList<>();
        for (int n = 0; n < 16; n++) {
            children.add(new InternalNode.Child(n, n, randomHash(random), false));
        }
        InternalNode node = new InternalNode(children);
        List<InternalNode.Child> changed = new ArrayList<>(children);
        changed.set(7, new InternalNode.Child(7, 8, children.get(7).hash(), false));
        assertFalse(node.equals(new InternalNode(changed)), "another version in one slot");
        assertEquals(0, node.changedSlots(new InternalNode(changed)), "the same hashes: no slot changed");
        changed.set(7, new InternalNode.Child(7, 7, randomHash(random), false));
        assertEquals(1 << 7, node.changedSlots(new InternalNode(changed)));
        assertTrue(node.equals(new InternalNode(children)));
    }

    private static List<InternalNode.Child> randomChildren(Random random) {
        while (true) {
            List<InternalNode.Child> children = new ArrayList<>();
            for (int n = 0; n < 16; n++) {
                if (random.nextInt(3) > 0) {
                    long version = random.nextInt(4) == 0 ? random.nextLong() >>> 1 : random.nextInt(1000);
                    children.add(new InternalNode.Child(n, version, randomHash(random), random.nextBoolean()));
                }
            }
            if (!(children.size() == 1 && children.get(0).leaf())) {
                return children;
            }
        }
    }
}
