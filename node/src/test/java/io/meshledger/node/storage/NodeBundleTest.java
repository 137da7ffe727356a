package io.meshledger.node.storage;

import io.meshledger.core.DecodingException;
import io.meshledger.core.state.NibblePath;
import io.meshledger.core.state.NodeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NodeBundleTest {

    @Test
    void theRootAndKeysThatAreNotNodeKeysAreNotBundled() {
        assertNull(NodeBundle.placement(new NodeKey(7, NibblePath.EMPTY).encode()));
        assertNull(NodeBundle.placement(new byte[] {1}));
        byte[] negativeVersion = new NodeKey(7, NibblePath.of(3)).encode();
        negativeVersion[0] = (byte) 0x80;
        assertNull(NodeBundle.placement(negativeVersion));
    }

    @Test
    void topNodesGoUnderTheirDepthOneAncestorAndDeeperOnesUnderTheirDepthFourAncestor() {
        assertPlacement(NibblePath.of(3), NibblePath.of(3), new byte[0]);
        assertPlacement(NibblePath.of(3, 9), NibblePath.of(3), new byte[] {9});
        assertPlacement(NibblePath.of(3, 9, 0, 15), NibblePath.of(3), new byte[] {9, 0, 15});
        assertPlacement(NibblePath.of(3, 9, 0, 15, 4), NibblePath.of(3, 9, 0, 15), new byte[] {4});
        int[] deepest = new int[NibblePath.MAX_LENGTH];
        Arrays.fill(deepest, 12);
        byte[] below = new byte[NibblePath.MAX_LENGTH - NodeBundle.TOP_DEPTH];
        Arrays.fill(below, (byte) 12);
        assertPlacement(NibblePath.of(deepest), NibblePath.of(12, 12, 12, 12), below);
    }

    private static void assertPlacement(NibblePath path, NibblePath bundlePath, byte[] entryPath) {
        NodeBundle.Placement at = NodeBundle.placement(new NodeKey(42, path).encode());
        assertArrayEquals(new NodeKey(42, bundlePath).encode(), at.recordKey(), "bundle of " + path);
        assertArrayEquals(entryPath, at.entryPath(), "entry of " + path);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void everyEntryIsFoundAsAddedAndNothingElse(long seed) {
        Random random = new Random(seed);
        Map<String, byte[]> model = new HashMap<>();
        NodeBundle.Builder builder = new NodeBundle.Builder();
        for (int i = 0, n = 1 + random.nextInt(60); i < n; i++) {
            byte[] path = randomPath(random);
            byte[] node = new byte[1 + random.nextInt(700)];
            random.nextBytes(node);
            builder.put(path, node);
            model.put(HexFormat.of().formatHex(path), node);
        }
        byte[] bundle = builder.encode();
        for (Map.Entry<String, byte[]> e : model.entrySet()) {
            assertArrayEquals(e.getValue(), NodeBundle.find(bundle, HexFormat.of().parseHex(e.getKey())));
        }
        for (int i = 0; i < 50; i++) {
            byte[] path = randomPath(random);
            if (!model.containsKey(HexFormat.of().formatHex(path))) {
                assertNull(NodeBundle.find(bundle, path));
            }
        }
    }

    private static byte[] randomPath(Random random) {
        byte[] path = new byte[random.nextInt(5)];
        for (int i = 0; i < path.length; i++) {
            path[i] = (byte) random.nextInt(16);
        }
        return path;
    }

    @Test
    void aLaterNodeAtTheSamePathReplacesTheEarlierAsALaterWriteWould() {
        NodeBundle.Builder builder = new NodeBundle.Builder();
        builder.put(new byte[] {1}, new byte[] {1, 1});
        builder.put(new byte[] {1}, new byte[] {2});
        assertArrayEquals(new byte[] {2}, NodeBundle.find(builder.encode(), new byte[] {1}));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aBundleCutShortOrPaddedIsRefusedWhicheverEntryIsAsked(long seed) {
        Random random = new Random(seed);
        NodeBundle.Builder builder = new NodeBundle.Builder();
        for (int i = 0; i < 6; i++) {
            byte[] node = new byte[1 + random.nextInt(40)];
            random.nextBytes(node);
            builder.put(randomPath(random), node);
        }
        byte[] bundle = builder.encode();
        for (int length = 0; length < bundle.length; length++) {
            byte[] cut = Arrays.copyOf(bundle, length);
            assertThrows(DecodingException.class, () -> NodeBundle.find(cut, new byte[0]), "cut to " + length);
        }
        byte[] padded = Arrays.copyOf(bundle, bundle.length + 1);
        assertThrows(DecodingException.class, () -> NodeBundle.find(padded, new byte[0]));
    }

    @Test
    void malformedEntriesAreRefused() {
        // tag, count 2, entries [1] -> {7} and [0] -> {8}: out of order
        byte[] unordered = {NodeBundle.TAG, 0, 2, 1, 1, 0, 1, 7, 1, 0, 0, 1, 8};
        assertThrows(DecodingException.class, () -> NodeBundle.find(unordered, new byte[] {1}));
        byte[] repeated = {NodeBundle.TAG, 0, 2, 1, 1, 0, 1, 7, 1, 1, 0, 1, 8};
        assertThrows(DecodingException.class, () -> NodeBundle.find(repeated, new byte[] {1}));
        byte[] bigNibble = {NodeBundle.TAG, 0, 1, 1, 16, 0, 1, 7};
        assertThrows(DecodingException.class, () -> NodeBundle.find(bigNibble, new byte[] {1}));
        byte[] emptyNode = {NodeBundle.TAG, 0, 1, 1, 1, 0, 0};
        assertThrows(DecodingException.class, () -> NodeBundle.find(emptyNode, new byte[] {1}));
        byte[] wholeNode = {0x01, 0, 1, 0, 0, 1, 7};
        assertThrows(DecodingException.class, () -> NodeBundle.find(wholeNode, new byte[0]));
        byte[] wellFormed = {NodeBundle.TAG, 0, 2, 0, 0, 1, 7, 1, 1, 0, 1, 8};
        assertArrayEquals(new byte[] {7}, NodeBundle.find(wellFormed, new byte[0]));
        assertArrayEquals(new byte[] {8}, NodeBundle.find(wellFormed, new byte[] {1}));
    }

    @Test
    void emptyNodesAndTooLongPathsAreNotBundled() {
        NodeBundle.Builder builder = new NodeBundle.Builder();
        assertThrows(IllegalArgumentException.class, () -> builder.put(new byte[0], new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> builder.put(new byte[NibblePath.MAX_LENGTH], new byte[] {1}));
        assertEquals(3, builder.encode().length, "tag and a zero count");
    }
}
