package io.meshledger.core.state;

import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static io.meshledger.core.state.StateTreeFixtures.randomHash;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeEncodingTest {
    private static final int GARBAGE_SAMPLES = 3000;
    private final Random random = new Random(11);

    private InternalNode randomInternal() {
        List<InternalNode.Child> children = new ArrayList<>();
        for (int n = 0; n < 16; n++) {
            if (random.nextInt(3) == 0) {
                children.add(new InternalNode.Child(n, random.nextLong(1_000_000), randomHash(random),
                        random.nextBoolean()));
            }
        }
        if (children.size() == 1) {
            InternalNode.Child c = children.get(0);
            children.set(0, new InternalNode.Child(c.nibble(), c.version(), c.hash(), false));
        }
        return new InternalNode(children);
    }

    @Test
    void nibblePathsAgreeWithTheKeyHashTheyCameFrom() {
        Hash h = randomHash(random);
        NibblePath path = NibblePath.EMPTY;
        for (int i = 0; i < NibblePath.MAX_LENGTH; i++) {
            path = path.child(NibblePath.nibbleOf(h, i));
            assertEquals(NibblePath.prefixOf(h, i + 1), path);
            assertEquals(NibblePath.nibbleOf(h, i), path.nibble(i));
        }
        assertArrayEquals(h.toArray(), path.packed());
        assertEquals(NibblePath.of(0xa, 0xb, 0xc), NibblePath.prefixOf(Hash.fromHex("abcd" + "00".repeat(30)), 3));
        assertEquals("abc", NibblePath.of(0xa, 0xb, 0xc).toString());
        NibblePath full = path;
        assertThrows(IllegalStateException.class, () -> full.child(0));
        assertThrows(IllegalArgumentException.class, () -> NibblePath.of(16));
    }

    @Test
    void nodeKeysRoundTripAtEveryDepth() {
        Hash h = randomHash(random);
        for (int len = 0; len <= NibblePath.MAX_LENGTH; len++) {
            NodeKey key = new NodeKey(random.nextLong(Long.MAX_VALUE), NibblePath.prefixOf(h, len));
            byte[] bytes = key.encode();
            assertEquals(9 + (len + 1) / 2, bytes.length);
            assertEquals(key, NodeKey.decode(bytes));
        }
        assertEquals("0000000000000005" + "03" + "abc0",
                HexFormat.of().formatHex(new NodeKey(5, NibblePath.of(0xa, 0xb, 0xc)).encode()));
    }

    @Test
    void encodedNodeKeysSortByVersionFirst() {
        List<NodeKey> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            keys.add(new NodeKey(random.nextInt(300) * (random.nextBoolean() ? 1L : 1L << 40),
                    NibblePath.prefixOf(randomHash(random), random.nextInt(65))));
        }
        List<NodeKey> byBytes = new ArrayList<>(keys);
        byBytes.sort((a, b) -> Arrays.compareUnsigned(a.encode(), b.encode()));
        for (int i = 1; i < byBytes.size(); i++) {
            assertTrue(byBytes.get(i - 1).version() <= byBytes.get(i).version());
        }
        List<NodeKey> byVersion = new ArrayList<>(keys);
        byVersion.sort(Comparator.comparingLong(NodeKey::version));
        assertEquals(byVersion.stream().map(NodeKey::version).toList(), byBytes.stream().map(NodeKey::version).toList());
    }

    @Test
    void malformedNodeKeysFailCleanly() {
        byte[] good = new NodeKey(5, NibblePath.of(1, 2, 3)).encode();
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThrows(DecodingException.class, () -> NodeKey.decode(cut));
        }
        assertThrows(DecodingException.class, () -> NodeKey.decode(Arrays.copyOf(good, good.length + 1)));
        byte[] negative = good.clone();
        negative[0] = (byte) 0x80;
        assertThrows(DecodingException.class, () -> NodeKey.decode(negative));
        byte[] tooDeep = new byte[9 + 33];
        tooDeep[8] = 65;
        assertThrows(DecodingException.class, () -> NodeKey.decode(tooDeep));
        byte[] dirtyPadding = good.clone();
        dirtyPadding[10] |= 0x01;
        assertThrows(DecodingException.class, () -> NodeKey.decode(dirtyPadding));
        assertThrows(IllegalArgumentException.class, () -> new NodeKey(-1, NibblePath.EMPTY));
    }

    @Test
    void treeNodesRoundTrip() {
        for (int i = 0; i < 200; i++) {
            InternalNode node = randomInternal();
            byte[] bytes = node.encode();
            int versionBytes = 0;
            for (InternalNode.Child c : node.children()) {
                versionBytes += c.version() < 1L << 7 ? 1 : c.version() < 1L << 14 ? 2 : c.version() < 1L << 21 ? 3
                        : c.version() < 1L << 28 ? 4 : c.version() < 1L << 35 ? 5 : c.version() < 1L << 42 ? 6
                        : c.version() < 1L << 49 ? 7 : c.version() < 1L << 56 ? 8 : 9;
            }
            assertEquals(5 + 32 * node.children().size() + versionBytes, bytes.length);
            assertEquals(node, TreeNode.decode(bytes));
            assertEquals(node.hash(), TreeNode.decode(bytes).hash());
        }
        LeafNode leaf = new LeafNode(randomHash(random), randomHash(random));
        assertEquals(65, leaf.encode().length);
        assertEquals(leaf, TreeNode.decode(leaf.encode()));
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0}, InternalNode.EMPTY.encode());
        assertEquals(InternalNode.EMPTY, TreeNode.decode(InternalNode.EMPTY.encode()));
        assertEquals(SparseMerkleTree.EMPTY_ROOT, InternalNode.EMPTY.hash());
    }

    @Test
    void anInternalNodeEncodesItsBitmapsAndChildrenInSlotOrder() {
        Hash a = Hash.fromHex("aa".repeat(32));
        Hash b = Hash.fromHex("bb".repeat(32));
        InternalNode node = new InternalNode(List.of(new InternalNode.Child(0, 3, a, true),
                new InternalNode.Child(15, 300, b, false)));
        // Versions are LEB128: 3 is one byte, 300 = 0b10_0101100 is 0xac 0x02.
        assertEquals("01" + "8001" + "0001" + "03" + "aa".repeat(32) + "ac02" + "bb".repeat(32),
                HexFormat.of().formatHex(node.encode()));
    }

    @Test
    void childVersionsTakeAsFewBytesAsTheyNeedUpToTheLargestLong() {
        for (long version : new long[] {0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, Long.MAX_VALUE}) {
            InternalNode node = new InternalNode(List.of(new InternalNode.Child(2, version, Hash.ZERO, false)));
            byte[] bytes = node.encode();
            int expected = version == 0 ? 1 : (64 - Long.numberOfLeadingZeros(version) + 6) / 7;
            assertEquals(5 + expected + 32, bytes.length, "version " + version);
            assertEquals(node, TreeNode.decode(bytes), "version " + version);
        }
    }

    @Test
    void malformedTreeNodesFailCleanly() {
        byte[] internal = randomInternal().encode();
        byte[] leaf = new LeafNode(randomHash(random), randomHash(random)).encode();
        for (byte[] good : List.of(internal, leaf)) {
            for (int len = 0; len < good.length; len++) {
                byte[] cut = Arrays.copyOf(good, len);
                assertThrows(DecodingException.class, () -> TreeNode.decode(cut), "truncated to " + len);
            }
            assertThrows(DecodingException.class, () -> TreeNode.decode(Arrays.copyOf(good, good.length + 1)));
        }
        assertThrows(DecodingException.class, () -> TreeNode.decode(new byte[] {3, 0, 0, 0, 0}));
        // Slot 1 marked a leaf but not occupied.
        assertThrows(DecodingException.class, () -> TreeNode.decode(new byte[] {1, 0, 0, 0, 2}));
        // A single leaf child is not canonical.
        byte[] lone = new InternalNode(List.of(new InternalNode.Child(4, 1, Hash.ZERO, false))).encode();
        lone[4] = 0x10;
        assertThrows(DecodingException.class, () -> TreeNode.decode(lone));
        // A version with a redundant zero group (1 written as 0x81 0x00): the encoding must be canonical.
        byte[] one = new InternalNode(List.of(new InternalNode.Child(4, 1, Hash.ZERO, false))).encode();
        byte[] padded = new byte[one.length + 1];
        System.arraycopy(one, 0, padded, 0, 5);
        padded[5] = (byte) 0x81;
        padded[6] = 0;
        System.arraycopy(one, 6, padded, 7, 32);
        assertThrows(DecodingException.class, () -> TreeNode.decode(padded));
        // A version of ten groups, past any long (nine groups of seven bits reach Long.MAX_VALUE).
        byte[] tooLong = new byte[5 + 10 + 32];
        tooLong[0] = 1;
        tooLong[2] = 0x10;
        Arrays.fill(tooLong, 5, 14, (byte) 0xff);
        tooLong[14] = 1;
        assertThrows(DecodingException.class, () -> TreeNode.decode(tooLong));
    }

    @Test
    void randomGarbageOnlyEverFailsWithADecodingException() {
        for (int i = 0; i < GARBAGE_SAMPLES; i++) {
            byte[] bytes = new byte[random.nextInt(120)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = (byte) (1 + random.nextInt(2));
            }
            try {
                assertArrayEquals(bytes, TreeNode.decode(bytes).encode(), "whatever decodes is canonical");
            } catch (DecodingException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            }
            try {
                assertArrayEquals(bytes, NodeKey.decode(bytes).encode(), "whatever decodes is canonical");
            } catch (DecodingException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            }
        }
    }

    @Test
    void internalNodesRejectNonCanonicalChildLists() {
        InternalNode.Child leaf = new InternalNode.Child(3, 0, Hash.ZERO, true);
        InternalNode.Child other = new InternalNode.Child(5, 0, Hash.ZERO, false);
        assertThrows(IllegalArgumentException.class, () -> new InternalNode(List.of(leaf)));
        assertThrows(IllegalArgumentException.class, () -> new InternalNode(List.of(other, leaf)));
        assertThrows(IllegalArgumentException.class, () -> new InternalNode(List.of(leaf, leaf)));
        assertThrows(IllegalArgumentException.class, () -> new InternalNode.Child(16, 0, Hash.ZERO, true));
    }
}
