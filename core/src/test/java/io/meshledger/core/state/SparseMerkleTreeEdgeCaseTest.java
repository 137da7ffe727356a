package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import static io.meshledger.core.state.StateTreeFixtures.bits;
import static io.meshledger.core.state.StateTreeFixtures.deletes;
import static io.meshledger.core.state.StateTreeFixtures.flipBit;
import static io.meshledger.core.state.StateTreeFixtures.puts;
import static io.meshledger.core.state.StateTreeFixtures.randomHash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparseMerkleTreeEdgeCaseTest {
    private static final Hash V1 = StateKeys.valueHash(new byte[] {1});
    private static final Hash V2 = StateKeys.valueHash(new byte[] {2});

    private final InMemoryTreeStore store = new InMemoryTreeStore();
    private final SparseMerkleTree tree = new SparseMerkleTree(store);

    private TreeUpdate apply(long base, long version, SortedMap<Hash, Optional<Hash>> changes) {
        TreeUpdate update = tree.apply(base, version, changes);
        store.put(update);
        return update;
    }

    private static SortedMap<Hash, Hash> state(Hash... keyValuePairs) {
        SortedMap<Hash, Hash> m = new TreeMap<>();
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            m.put(keyValuePairs[i], keyValuePairs[i + 1]);
        }
        return m;
    }

    private void assertProves(long version, Hash key, Optional<Hash> value) {
        SparseMerkleProof proof = tree.prove(key, version);
        assertTrue(proof.verify(tree.root(version), key, value).isValid(),
                () -> proof.verify(tree.root(version), key, value).toString());
    }

    @Test
    void theEmptyTreeHasThePlaceholderRootAndProvesEveryKeyAbsent() {
        assertEquals(Hash.ZERO, SparseMerkleTree.EMPTY_ROOT);
        assertEquals(SparseMerkleTree.EMPTY_ROOT, tree.root(SparseMerkleTree.PRE_GENESIS_VERSION));
        assertProves(SparseMerkleTree.PRE_GENESIS_VERSION, bits("1"), Optional.empty());

        TreeUpdate genesis = apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, new TreeMap<>());
        assertEquals(SparseMerkleTree.EMPTY_ROOT, genesis.root());
        assertEquals(Map.of(NodeKey.root(0), InternalNode.EMPTY), genesis.newNodes());
        assertEquals(List.of(), genesis.staleNodes());
        assertProves(0, bits("1"), Optional.empty());
        assertEquals(0, tree.prove(bits("1"), 0).siblings().size());
    }

    @Test
    void aSingleKeyIsTheRootLeafAndNeedsNoSiblings() {
        Hash key = StateKeys.keyHash("publication", new byte[] {7});
        TreeUpdate update = apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, puts(key, V1));

        assertEquals(ReferenceSparseMerkleTree.root(state(key, V1)), update.root());
        assertEquals(new LeafNode(key, V1).hash(), update.root());
        assertEquals(Map.of(NodeKey.root(0), new LeafNode(key, V1)), update.newNodes());
        SparseMerkleProof proof = tree.prove(key, 0);
        assertEquals(List.of(), proof.siblings());
        assertProves(0, key, Optional.of(V1));
        assertProves(0, flipBit(key, 255), Optional.empty());
    }

    @Test
    void deletingEveryKeyReturnsTheRootToEmpty() {
        Random random = new Random(1);
        Hash a = randomHash(random);
        Hash b = randomHash(random);
        Hash c = randomHash(random);
        apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, puts(a, V1, b, V1, c, V2));
        apply(0, 1, deletes(a, b));
        TreeUpdate emptied = apply(1, 2, deletes(c));

        assertEquals(SparseMerkleTree.EMPTY_ROOT, emptied.root());
        assertEquals(InternalNode.EMPTY, store.node(NodeKey.root(2)).orElseThrow());
        assertEquals(List.of(NodeKey.root(1)), emptied.staleNodes());
        assertProves(2, c, Optional.empty());
        assertProves(0, c, Optional.of(V2));
        assertProves(1, a, Optional.empty());
    }

    @Test
    void aVersionThatChangesNothingStillHasItsOwnRoot() {
        Random random = new Random(2);
        Hash a = randomHash(random);
        Hash b = randomHash(random);
        TreeUpdate first = apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, puts(a, V1, b, V2));
        TreeUpdate same = apply(0, 1, new TreeMap<>());

        assertEquals(first.root(), same.root());
        assertEquals(first.root(), tree.root(1));
        assertEquals(List.of(NodeKey.root(1)), List.copyOf(same.newNodes().keySet()));
        assertEquals(store.node(NodeKey.root(0)), store.node(NodeKey.root(1)), "the root is copied as is");
        assertEquals(List.of(NodeKey.root(0)), same.staleNodes());
        assertProves(1, a, Optional.of(V1));
        assertProves(1, b, Optional.of(V2));
    }

    /**
     * Keys sharing 5 nibbles (20 bits) put an internal node at every depth from 0
     * to 5 on their path; a third key changes each of them. Those of depth 4 or
     * less are reported as replacing the node at their path, which storage may
     * then write as a slot delta; the deeper one is not.
     */
    @Test
    void internalNodesOfDepthFourOrLessReportTheNodeTheyReplace() {
        Hash a = bits("000100100011010001010");
        Hash b = bits("000100100011010001011");
        Hash c = bits("0001001000110100010110001");
        apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, puts(a, V1, b, V1));

        TreeUpdate update = apply(0, 1, puts(c, V2));

        Map<NodeKey, TreeUpdate.Replaced> expected = new java.util.HashMap<>();
        NibblePath path = NibblePath.EMPTY;
        for (int depth = 0; depth <= 4; depth++) {
            NodeKey previous = new NodeKey(0, path);
            expected.put(new NodeKey(1, path), new TreeUpdate.Replaced(previous,
                    (InternalNode) store.node(previous).orElseThrow()));
            path = path.child(NibblePath.nibbleOf(a, depth));
        }
        assertEquals(expected, update.replaced());
        assertInstanceOf(InternalNode.class, update.newNodes().get(new NodeKey(1, path)),
                "the depth-5 node is rewritten, but not reported");
        assertProves(1, c, Optional.of(V2));
    }

    @Test
    void deletingAbsentKeysAndRewritingSameValuesChangeNothingBelowTheRoot() {
        Random random = new Random(3);
        SortedMap<Hash, Optional<Hash>> initial = new TreeMap<>();
        for (int i = 0; i < 50; i++) {
            initial.put(randomHash(random), Optional.of(randomHash(random)));
        }
        TreeUpdate first = apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, initial);
        SortedMap<Hash, Optional<Hash>> noop = deletes(randomHash(random), randomHash(random), flipBit(
                initial.firstKey(), 255));
        noop.put(initial.lastKey(), initial.get(initial.lastKey()));

        TreeUpdate update = apply(0, 1, noop);

        assertEquals(first.root(), update.root());
        assertEquals(List.of(NodeKey.root(1)), List.copyOf(update.newNodes().keySet()));
        assertEquals(List.of(NodeKey.root(0)), update.staleNodes());
    }

    @Test
    void aKeyPutThenDeletedInOneBatchEndsAbsent() {
        Random random = new Random(4);
        Hash kept = randomHash(random);
        Hash fleeting = randomHash(random);
        Hash added = randomHash(random);
        apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, puts(kept, V1));
        SortedMap<Hash, Optional<Hash>> batch = new TreeMap<>();
        batch.put(fleeting, Optional.of(V2));
        batch.put(fleeting, Optional.empty());
        batch.put(kept, Optional.empty());
        batch.put(added, Optional.of(V2));

        TreeUpdate update = apply(0, 1, batch);

        assertEquals(ReferenceSparseMerkleTree.root(state(added, V2)), update.root());
        assertEquals(new LeafNode(added, V2), store.node(NodeKey.root(1)).orElseThrow());
        assertProves(1, fleeting, Optional.empty());
        assertProves(1, kept, Optional.empty());
        assertProves(1, added, Optional.of(V2));
    }

    @ParameterizedTest(name = "keys share {0} bits")
    @ValueSource(ints = {0, 1, 3, 4, 5, 7, 8, 63, 64, 100, 127, 128, 200, 251, 252, 254, 255})
    void keysSharingLongPrefixesProveAndDeleteBackUp(int sharedBits) {
        Random random = new Random(sharedBits);
        Hash a = randomHash(random);
        Hash b = StateTreeFixtures.sharingPrefix(a, sharedBits, random);
        Hash far = flipBit(a, 0);
        apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, puts(a, V1, b, V2, far, V1));

        assertEquals(ReferenceSparseMerkleTree.root(state(a, V1, b, V2, far, V1)), tree.root(0));
        assertProves(0, a, Optional.of(V1));
        assertProves(0, b, Optional.of(V2));
        assertProves(0, far, Optional.of(V1));
        assertEquals(sharedBits + 1, tree.prove(a, 0).siblings().size(), "a's leaf sits just below the fork");
        if (sharedBits < 255) {
            assertProves(0, StateTreeFixtures.sharingPrefix(a, sharedBits + 1, random), Optional.empty());
        }

        // Deleting b leaves a alone under its prefix: a's leaf moves back up to depth 1.
        TreeUpdate update = apply(0, 1, deletes(b));
        assertEquals(ReferenceSparseMerkleTree.root(state(a, V1, far, V1)), update.root());
        assertEquals(1, tree.prove(a, 1).siblings().size());
        InternalNode root = (InternalNode) store.node(NodeKey.root(1)).orElseThrow();
        InternalNode.Child slot = root.child(NibblePath.nibbleOf(a, 0)).orElseThrow();
        assertTrue(slot.leaf());
        assertEquals(sharedBits < 4 ? 0 : 1, slot.version(), "a moves only if it was below the first nibble");
        assertEquals(new LeafNode(a, V1), store.node(new NodeKey(slot.version(), NibblePath.prefixOf(a, 1)))
                .orElseThrow());
        assertProves(1, b, Optional.empty());
        assertProves(0, b, Optional.of(V2));
    }

    @Test
    void aProofThroughALongSharedPrefixEncodesCompactly() {
        Hash a = bits("0");
        Hash b = flipBit(a, 255);
        apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, puts(a, V1, b, V2));
        SparseMerkleProof proof = tree.prove(a, 0);

        assertEquals(256, proof.siblings().size());
        // 1 + 32 + 1 + 64 + 2 + 32 bitmap bytes + one explicit sibling (b's leaf).
        assertEquals(164, proof.encode().length);
        assertEquals(proof, SparseMerkleProof.decode(proof.encode()));
    }

    @Test
    void versionsMayHaveGapsButOnlyAppliedOnesHaveRoots() {
        Hash a = bits("1");
        apply(SparseMerkleTree.PRE_GENESIS_VERSION, 3, puts(a, V1));
        apply(3, 7, puts(a, V2));

        assertEquals(ReferenceSparseMerkleTree.root(state(a, V2)), tree.root(7));
        MissingNodeException missing = assertThrows(MissingNodeException.class, () -> tree.root(5));
        assertEquals(NodeKey.root(5), missing.key());
        assertThrows(MissingNodeException.class, () -> tree.prove(a, 5));
        assertThrows(MissingNodeException.class, () -> tree.apply(5, 8, puts(a, V1)));
    }

    @Test
    void versionsMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> tree.apply(0, 0, new TreeMap<>()));
        assertThrows(IllegalArgumentException.class, () -> tree.apply(4, 2, new TreeMap<>()));
        assertThrows(IllegalArgumentException.class, () -> tree.apply(-2, 0, new TreeMap<>()));
    }

    @Test
    void aBatchSortedByAnotherComparatorGivesTheSameRoot() {
        Random random = new Random(5);
        SortedMap<Hash, Optional<Hash>> natural = new TreeMap<>();
        SortedMap<Hash, Optional<Hash>> reversed = new TreeMap<>(Comparator.reverseOrder());
        for (int i = 0; i < 40; i++) {
            Hash k = randomHash(random);
            natural.put(k, Optional.of(V1));
            reversed.put(k, Optional.of(V1));
        }
        assertEquals(tree.apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, natural).root(),
                tree.apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, reversed).root());
    }

    @Test
    void aStoreRefusesToOverwriteANodeWithDifferentContent() {
        apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, puts(bits("1"), V1));
        TreeUpdate conflicting = tree.apply(SparseMerkleTree.PRE_GENESIS_VERSION, 0, puts(bits("1"), V2));
        assertThrows(IllegalStateException.class, () -> store.put(conflicting));
        assertInstanceOf(LeafNode.class, store.node(NodeKey.root(0)).orElseThrow());
        assertProves(0, bits("1"), Optional.of(V1));
    }
}
