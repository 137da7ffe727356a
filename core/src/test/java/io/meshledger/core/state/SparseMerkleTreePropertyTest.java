package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static io.meshledger.core.state.StateTreeFixtures.randomHash;
import static io.meshledger.core.state.StateTreeFixtures.reachable;
import static io.meshledger.core.state.StateTreeFixtures.sharingPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random batches of puts and deletes over several versions, each version's root
 * checked against {@link ReferenceSparseMerkleTree} and its proofs against that
 * root; then every older version re-checked after all later ones were written.
 */
class SparseMerkleTreePropertyTest {
    private static final int MAX_VERSIONS = 8;
    private static final int MAX_BATCH = 40;
    private static final int ABSENT_PROBES = 10;

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyVersionMatchesTheNaiveRootAndProvesItsEntries(long seed) {
        Random random = new Random(seed);
        List<Hash> pool = keyPool(random);
        InMemoryTreeStore store = new InMemoryTreeStore();
        SparseMerkleTree tree = new SparseMerkleTree(store);
        List<Long> versions = new ArrayList<>();
        List<SortedMap<Hash, Hash>> states = new ArrayList<>();
        SortedMap<Hash, Hash> state = new TreeMap<>();
        long base = SparseMerkleTree.PRE_GENESIS_VERSION;
        int versionCount = 1 + random.nextInt(MAX_VERSIONS);

        for (int v = 0; v < versionCount; v++) {
            long version = base + 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
            SortedMap<Hash, Optional<Hash>> batch = randomBatch(random, pool, state);
            Set<NodeKey> before = base == SparseMerkleTree.PRE_GENESIS_VERSION ? Set.of() : reachable(store, base);

            TreeUpdate update = tree.apply(base, version, batch);
            store.put(update);
            batch.forEach((k, change) -> change.ifPresentOrElse(value -> state.put(k, value), () -> state.remove(k)));

            Hash expected = ReferenceSparseMerkleTree.root(state);
            assertEquals(expected, update.root(), "root of version " + version);
            assertEquals(expected, tree.root(version));
            checkNodeBookkeeping(update, before, reachable(store, version));
            checkProofs(tree, version, expected, state, pool, random);
            versions.add(version);
            states.add(new TreeMap<>(state));
            base = version;
        }

        for (int i = 0; i < versions.size(); i++) {
            Hash expected = ReferenceSparseMerkleTree.root(states.get(i));
            assertEquals(expected, tree.root(versions.get(i)), "old version " + versions.get(i) + " after later ones");
            checkProofs(tree, versions.get(i), expected, states.get(i), pool, random);
        }
    }

    /**
     * Random keys, plus clusters sharing long prefixes (down to the last bit) so
     * leaves move deep and back up. Some seeds use a bigger pool for deeper trees.
     */
    private static List<Hash> keyPool(Random random) {
        int size = random.nextInt(10) == 0 ? 300 : 1 + random.nextInt(60);
        List<Hash> pool = new ArrayList<>(size);
        while (pool.size() < size) {
            if (pool.isEmpty() || random.nextInt(3) > 0) {
                pool.add(randomHash(random));
            } else {
                Hash base = pool.get(random.nextInt(pool.size()));
                int bits = random.nextBoolean() ? random.nextInt(256) : 200 + random.nextInt(56);
                pool.add(sharingPrefix(base, bits, random));
            }
        }
        return List.copyOf(new HashSet<>(pool));
    }

    private static SortedMap<Hash, Optional<Hash>> randomBatch(Random random, List<Hash> pool,
                                                               SortedMap<Hash, Hash> state) {
        SortedMap<Hash, Optional<Hash>> batch = new TreeMap<>();
        int size = random.nextInt(MAX_BATCH + 1);
        for (int i = 0; i < size; i++) {
            Hash key = pool.get(random.nextInt(pool.size()));
            switch (random.nextInt(6)) {
                case 0, 1 -> batch.put(key, Optional.empty());
                case 2 -> batch.put(key, Optional.ofNullable(state.get(key)).or(() -> Optional.of(randomHash(random))));
                default -> batch.put(key, Optional.of(randomHash(random)));
            }
        }
        return batch;
    }

    /**
     * What storage relies on: new nodes belong to the new version and are all
     * reachable from its root; stale nodes were reachable from the base and are
     * no longer; everything else the new root reaches was already there.
     */
    private static void checkNodeBookkeeping(TreeUpdate update, Set<NodeKey> before, Set<NodeKey> after) {
        for (NodeKey k : update.newNodes().keySet()) {
            assertEquals(update.version(), k.version(), "new node " + k);
            assertTrue(after.contains(k), "new node " + k + " is reachable from the new root");
        }
        for (NodeKey k : update.staleNodes()) {
            assertTrue(before.contains(k), "stale node " + k + " was reachable from the base root");
            assertFalse(after.contains(k), "stale node " + k + " is not reachable from the new root");
        }
        for (NodeKey k : after) {
            assertTrue(update.newNodes().containsKey(k) || before.contains(k), "node " + k + " came from somewhere");
        }
        Set<NodeKey> kept = new HashSet<>(before);
        update.staleNodes().forEach(kept::remove);
        kept.addAll(update.newNodes().keySet());
        assertEquals(after, kept, "after = before - stale + new");
        assertEquals(new HashSet<>(update.staleNodes()).size(), update.staleNodes().size(), "stale nodes are distinct");
    }

    private static void checkProofs(SparseMerkleTree tree, long version, Hash root, SortedMap<Hash, Hash> state,
                                    List<Hash> pool, Random random) {
        state.forEach((key, value) -> {
            SparseMerkleProof proof = tree.prove(key, version);
            assertTrue(proof.verify(root, key, Optional.of(value)).isValid(), () -> "presence of " + key + " at "
                    + version + ": " + proof.verify(root, key, Optional.of(value)));
            assertFalse(proof.verify(root, key, Optional.empty()).isValid(), "a present key is not proven absent");
            assertEquals(Optional.of(value), tree.valueHash(key, version));
            assertEquals(proof, SparseMerkleProof.decode(proof.encode()));
        });
        List<Hash> absent = new ArrayList<>();
        for (Hash k : pool) {
            if (!state.containsKey(k) && absent.size() < ABSENT_PROBES) {
                absent.add(k);
            }
        }
        for (int i = 0; i < ABSENT_PROBES; i++) {
            absent.add(randomHash(random));
        }
        for (Hash key : absent) {
            SparseMerkleProof proof = tree.prove(key, version);
            assertTrue(proof.verify(root, key, Optional.empty()).isValid(), () -> "absence of " + key + " at "
                    + version + ": " + proof.verify(root, key, Optional.empty()));
            assertFalse(proof.verify(root, key, Optional.of(randomHash(random))).isValid());
            assertEquals(Optional.empty(), tree.valueHash(key, version));
            assertEquals(proof, SparseMerkleProof.decode(proof.encode()));
        }
    }
}
