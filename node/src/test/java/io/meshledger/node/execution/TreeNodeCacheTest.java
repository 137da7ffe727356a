package io.meshledger.node.execution;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.state.InternalNode;
import io.meshledger.core.state.LeafNode;
import io.meshledger.core.state.NibblePath;
import io.meshledger.core.state.NodeKey;
import io.meshledger.core.state.TreeNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TreeNodeCacheTest {
    private static final Hash ROOT = hash("root");
    private static final InternalNode NODE = new InternalNode(List.of(
            new InternalNode.Child(0, 1, hash("a"), true), new InternalNode.Child(7, 1, hash("b"), true)));
    private static final LeafNode LEAF = new LeafNode(hash("k"), hash("v"));

    @Test
    void createdNodesAreInvisibleUntilTheStoreCommitsTheirVersionWithTheirRoot() {
        TreeNodeCache cache = new TreeNodeCache(100);
        NodeKey key = new NodeKey(5, NibblePath.of(3));
        cache.created(5, ROOT, nodes(Map.of(key, NODE)));
        assertEquals(Optional.empty(), cache.get(key), "not durable yet");

        cache.confirm(5, version -> Optional.of(ROOT));
        assertEquals(Optional.of(NODE), cache.get(key));
    }

    @Test
    void createdNodesOfAnotherRootOrVersionAreDropped() {
        TreeNodeCache cache = new TreeNodeCache(100);
        NodeKey key = NodeKey.root(5);
        cache.created(5, ROOT, nodes(Map.of(key, NODE)));
        cache.confirm(5, version -> Optional.of(hash("another block's root")));
        assertEquals(Optional.empty(), cache.get(key), "the store committed another block at 5");
        cache.confirm(5, version -> Optional.of(ROOT));
        assertEquals(Optional.empty(), cache.get(key), "dropped for good, not held for a later confirmation");

        AtomicInteger asked = new AtomicInteger();
        cache.created(5, ROOT, nodes(Map.of(key, NODE)));
        cache.confirm(6, version -> {
            asked.incrementAndGet();
            return Optional.of(ROOT);
        });
        assertEquals(Optional.empty(), cache.get(key), "version 5 was re-executed: the next update is from 6");
        assertEquals(0, asked.get(), "the store is asked only about the created version");

        cache.created(5, ROOT, nodes(Map.of(key, NODE)));
        cache.confirm(5, version -> Optional.empty());
        assertEquals(Optional.empty(), cache.get(key), "version 5 was never committed");
    }

    @Test
    void theLastUpdateOfAVersionIsTheOneConfirmed() {
        TreeNodeCache cache = new TreeNodeCache(100);
        NodeKey key = NodeKey.root(5);
        InternalNode other = new InternalNode(List.of(
                new InternalNode.Child(1, 2, hash("c"), true), new InternalNode.Child(2, 2, hash("d"), true)));
        cache.created(5, hash("abandoned"), nodes(Map.of(key, other)));
        cache.created(5, ROOT, nodes(Map.of(key, NODE)));
        cache.confirm(5, version -> Optional.of(ROOT));
        assertEquals(Optional.of(NODE), cache.get(key));
    }

    @Test
    void keepsOnlyInternalNodes() {
        TreeNodeCache cache = new TreeNodeCache(100);
        Map<NodeKey, TreeNode> created = new LinkedHashMap<>();
        NodeKey internal = new NodeKey(5, NibblePath.of(1, 2, 3, 4, 5));
        NodeKey leaf = new NodeKey(5, NibblePath.of(2));
        created.put(internal, NODE);
        created.put(leaf, LEAF);
        cache.created(5, ROOT, nodes(created));
        cache.confirm(5, version -> Optional.of(ROOT));
        assertEquals(Optional.of(NODE), cache.get(internal));
        assertEquals(Optional.empty(), cache.get(leaf), "leaves are read again rarely");

        NodeKey storedLeaf = new NodeKey(4, NibblePath.of(3));
        cache.putStored(storedLeaf, LEAF, LEAF.encode(), 0);
        assertEquals(Optional.empty(), cache.get(storedLeaf));
        assertEquals(1, cache.size());
    }

    @Test
    void boundsTheDeepNodesAndEvictsTheOneCachedLongestAgo() {
        TreeNodeCache cache = new TreeNodeCache(3);
        for (int n = 0; n < 3; n++) {
            cache.putStored(new NodeKey(1, deep(n)), NODE, NODE.encode(), 0);
        }
        // A newer version of path 0 replaces the old one and moves to the back; reads change nothing.
        cache.putStored(new NodeKey(2, deep(0)), NODE, NODE.encode(), 0);
        cache.get(new NodeKey(1, deep(1)));
        cache.putStored(new NodeKey(1, deep(3)), NODE, NODE.encode(), 0);
        assertEquals(3, cache.size());
        assertTrue(cache.get(new NodeKey(2, deep(0))).isPresent(), "replaced recently");
        assertEquals(Optional.empty(), cache.get(new NodeKey(1, deep(0))), "the replaced version");
        assertEquals(Optional.empty(), cache.get(new NodeKey(1, deep(1))), "cached longest ago");
        assertTrue(cache.get(new NodeKey(1, deep(2))).isPresent());

        Map<NodeKey, TreeNode> created = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            created.put(new NodeKey(9, NibblePath.of(i, i, i, i, i, i)), NODE);
        }
        cache.created(9, ROOT, nodes(created));
        cache.confirm(9, version -> Optional.of(ROOT));
        assertEquals(3, cache.size(), "confirmed nodes respect the bound too");
    }

    @Test
    void keepsEveryShallowNodeInASlotOfItsOwn() {
        TreeNodeCache cache = new TreeNodeCache(1);
        List<NibblePath> paths = new ArrayList<>();
        for (int length = 0; length <= TreeNodeCache.DENSE_DEPTH; length++) {
            paths.addAll(pathsOf(length));
        }
        Set<Integer> slots = new HashSet<>();
        for (NibblePath path : paths) {
            assertTrue(slots.add(TreeNodeCache.slot(path)), "two paths share slot " + TreeNodeCache.slot(path));
            cache.putStored(new NodeKey(path.length() + 1, path), NODE, NODE.encode(), 0);
        }
        assertEquals(69_905, paths.size());
        assertEquals(0, Collections.min(slots));
        assertEquals(paths.size() - 1, Collections.max(slots), "slots are dense");
        cache.putStored(new NodeKey(7, deep(1)), NODE, NODE.encode(), 0);
        cache.putStored(new NodeKey(7, deep(2)), NODE, NODE.encode(), 0);
        assertEquals(paths.size() + 1, cache.size(), "the bound applies only below depth " + TreeNodeCache.DENSE_DEPTH);
        for (NibblePath path : paths) {
            assertEquals(Optional.of(NODE), cache.get(new NodeKey(path.length() + 1, path)), "path " + path);
            assertEquals(Optional.empty(), cache.get(new NodeKey(path.length() + 2, path)), "another version");
        }
    }

    @Test
    void aNewerVersionAtAPathReplacesTheOlderOne() {
        TreeNodeCache cache = new TreeNodeCache(10);
        cache.putStored(NodeKey.root(4), NODE, NODE.encode(), 0);
        InternalNode newer = new InternalNode(List.of(
                new InternalNode.Child(1, 5, hash("c"), true), new InternalNode.Child(2, 5, hash("d"), true)));
        cache.created(5, ROOT, nodes(Map.of(NodeKey.root(5), newer)));
        cache.confirm(5, version -> Optional.of(ROOT));
        assertEquals(1, cache.size());
        assertEquals(Optional.of(newer), cache.get(NodeKey.root(5)));
        assertEquals(Optional.empty(), cache.get(NodeKey.root(4)), "another node than the one cached at the path");
    }

    @Test
    void refusesAnEmptyCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new TreeNodeCache(0));
    }

    /** A path one nibble deeper than the cache gives a slot of its own. */
    private static NibblePath deep(int last) {
        return NibblePath.of(0, 0, 0, 0, last);
    }

    private static List<NibblePath> pathsOf(int length) {
        List<NibblePath> paths = new ArrayList<>();
        for (int value = 0; value < 1 << 4 * length; value++) {
            int[] nibbles = new int[length];
            for (int i = 0; i < length; i++) {
                nibbles[i] = value >>> 4 * (length - 1 - i) & 0xf;
            }
            paths.add(NibblePath.of(nibbles));
        }
        return paths;
    }

    private static Hash hash(String s) {
        return Hashing.sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<TreeNodeCache.NewNode> nodes(Map<NodeKey, ? extends TreeNode> nodes) {
        List<TreeNodeCache.NewNode> out = new ArrayList<>();
        nodes.forEach((key, node) -> out.add(new TreeNodeCache.NewNode(key, node, node.encode(), 0)));
        return out;
    }
}
