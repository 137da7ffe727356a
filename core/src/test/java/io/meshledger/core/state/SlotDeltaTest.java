package io.meshledger.core.state;

import io.meshledger.core.DecodingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.meshledger.core.state.StateTreeFixtures.randomHash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slot delta applied to its base gives back exactly the node it was made
 * from, over seeded random pairs of nodes; it is never longer than the node
 * whole; and one that is cut short, padded, or applied to a base it does not
 * fit is refused rather than resolved to some other node.
 */
class SlotDeltaTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aDeltaAppliedToItsBaseGivesBackTheNode(long seed) {
        Random random = new Random(seed);
        int encoded = 0;
        for (int round = 0; round < 300; round++) {
            List<InternalNode.Child> before = randomChildren(random);
            InternalNode base = new InternalNode(before);
            InternalNode node = new InternalNode(changeSome(random, before, random.nextInt(17)));
            long baseVersion = random.nextInt(4) == 0 ? random.nextLong() >>> 1 : random.nextInt(100_000);
            int chain = 1 + random.nextInt(255);
            byte[] delta = SlotDelta.encode(baseVersion, chain, base, node);
            if (delta == null) {
                continue;
            }
            encoded++;
            assertTrue(delta.length < node.encode().length);
            assertTrue(SlotDelta.isDelta(delta));
            assertEquals(baseVersion, SlotDelta.baseVersion(delta));
            assertEquals(chain, SlotDelta.chain(delta));
            assertEquals(node, SlotDelta.apply(base, delta));
        }
        assertTrue(encoded > 100, "most random pairs make a shorter delta, got " + encoded);
    }

    @Test
    void aNodeEqualToItsBaseIsAHeaderOnlyDeltaAndAFullyChangedOneIsStoredWhole() {
        Random random = new Random(9);
        List<InternalNode.Child> children = fullNode(random);
        InternalNode base = new InternalNode(children);
        byte[] same = SlotDelta.encode(12, 1, base, new InternalNode(children));
        assertNotNull(same);
        assertEquals(base, SlotDelta.apply(base, same));
        assertTrue(same.length <= 12, "header only, got " + same.length + " bytes");
        assertNull(SlotDelta.encode(12, 1, base, new InternalNode(fullNode(random))));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void aDamagedOrMisappliedDeltaIsRefused(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 50; round++) {
            List<InternalNode.Child> before = randomChildren(random);
            InternalNode base = new InternalNode(before);
            InternalNode node = new InternalNode(changeSome(random, before, 1 + random.nextInt(3)));
            byte[] delta = SlotDelta.encode(7, 1, base, node);
            if (delta == null) {
                continue;
            }
            for (int cut = 0; cut < delta.length; cut++) {
                byte[] shorter = Arrays.copyOf(delta, cut);
                assertThrows(DecodingException.class, () -> SlotDelta.apply(base, shorter), "cut at " + cut);
            }
            byte[] padded = Arrays.copyOf(delta, delta.length + 1);
            assertThrows(DecodingException.class, () -> SlotDelta.apply(base, padded));
            InternalNode other = new InternalNode(randomChildren(random));
            if (!fits(delta, other)) {
                assertThrows(DecodingException.class, () -> SlotDelta.apply(other, delta));
            }
        }
        byte[] noChain = SlotDelta.encode(7, 1, new InternalNode(fullNode(random)), new InternalNode(fullNode(random)));
        assertNull(noChain);
        assertThrows(IllegalArgumentException.class, () -> SlotDelta.encode(7, 0, InternalNode.EMPTY, InternalNode.EMPTY));
        assertThrows(DecodingException.class, () -> SlotDelta.chain(new byte[] {SlotDelta.TAG, 5, 0, 0, 0, 0, 0, 0, 0}));
        assertThrows(DecodingException.class, () -> SlotDelta.baseVersion(InternalNode.EMPTY.encode()));
    }

    /** Whether the unchanged slots of {@code delta} agree with {@code base}: then applying it is legitimate. */
    private static boolean fits(byte[] delta, InternalNode base) {
        try {
            SlotDelta.apply(base, delta);
            return true;
        } catch (DecodingException e) {
            return false;
        }
    }

    /** {@code before} with up to {@code changes} random slots replaced, emptied or filled; canonical. */
    private static List<InternalNode.Child> changeSome(Random random, List<InternalNode.Child> before, int changes) {
        while (true) {
            InternalNode.Child[] slots = new InternalNode.Child[16];
            before.forEach(c -> slots[c.nibble()] = c);
            for (int i = 0; i < changes; i++) {
                int n = random.nextInt(16);
                slots[n] = random.nextInt(3) == 0 ? null : new InternalNode.Child(n, random.nextInt(100_000),
                        randomHash(random), random.nextBoolean());
            }
            List<InternalNode.Child> out = new ArrayList<>();
            for (InternalNode.Child c : slots) {
                if (c != null) {
                    out.add(c);
                }
            }
            if (!out.isEmpty() && !(out.size() == 1 && out.get(0).leaf())) {
                return out;
            }
        }
    }

    private static List<InternalNode.Child> fullNode(Random random) {
        List<InternalNode.Child> children = new ArrayList<>();
        for (int n = 0; n < 16; n++) {
            children.add(new InternalNode.Child(n, random.nextInt(1000), randomHash(random), random.nextBoolean()));
        }
        return children;
    }

    private static List<InternalNode.Child> randomChildren(Random random) {
        while (true) {
            List<InternalNode.Child> children = new ArrayList<>();
            for (int n = 0; n < 16; n++) {
                if (random.nextInt(3) > 0) {
                    children.add(new InternalNode.Child(n, random.nextInt(1000), randomHash(random), random.nextBoolean()));
                }
            }
            if (!children.isEmpty() && !(children.size() == 1 && children.get(0).leaf())) {
                return children;
            }
        }
    }
}
