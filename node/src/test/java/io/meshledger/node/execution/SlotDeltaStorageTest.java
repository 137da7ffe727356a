package io.meshledger.node.execution;

import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.state.NibblePath;
import io.meshledger.core.state.NodeKey;
import io.meshledger.core.state.SlotDelta;
import io.meshledger.core.state.SparseMerkleProof;
import io.meshledger.core.state.SparseMerkleTree;
import io.meshledger.core.state.StateKeys;
import io.meshledger.core.state.TreeNode;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.storage.BlockEffects;
import io.meshledger.node.storage.StateEntries;
import io.meshledger.node.storage.StateEntry;
import io.meshledger.node.storage.StateFamily;
import io.meshledger.node.storage.TreeNodeWrite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The internal nodes of depth 4 or less of the state tree are stored as slot
 * deltas from the nodes they replace. Over many blocks of random puts and
 * deletes: every height's tree, read back through the deltas, proves every
 * key's value at that height against that height's root; chains are bounded
 * and wrap to whole nodes, and no deeper node is a delta; and
 * an executor restarted every few blocks (an empty cache, chains read back from
 * the store) stores exactly the bytes an uninterrupted one does, so an auditor
 * replaying the chain finds the same state.
 */
class SlotDeltaStorageTest {
    private static final int BLOCKS = 30;
    private static final int TXS_PER_BLOCK = 16;
    private static final int RESTART_EVERY = 4;
    /** The first byte (two nibbles) of every key hash put. */
    private static final byte KEY_PREFIX = 0x5a;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void deltasReadBackAsEveryHeightsTreeAndRestartsStoreTheSameBytes(long seed) {
        Random random = new Random(seed);
        TestNetwork net = TestNetwork.create(dir.resolve("net"), 2, 4);
        TestNetwork.User user = net.user("org1", "publisher");
        try (ExecutionFixture steady = new ExecutionFixture(net, dir.resolve("steady"), ExecutionLimits.DEFAULT);
             ExecutionFixture restarted = new ExecutionFixture(net, dir.resolve("restarted"), ExecutionLimits.DEFAULT)) {
            List<byte[]> live = new ArrayList<>();
            List<Map<String, byte[]>> heights = new ArrayList<>();
            Map<String, byte[]> model = new HashMap<>();
            BlockExecutor restartedExecutor = restarted.executor;
            List<TreeNodeWrite> steadyWrites = new ArrayList<>();
            for (int b = 0; b < BLOCKS; b++) {
                List<SignedTransaction> txs = new ArrayList<>();
                for (int i = 0; i < TXS_PER_BLOCK; i++) {
                    if (!live.isEmpty() && random.nextInt(5) == 0) {
                        byte[] key = live.remove(random.nextInt(live.size()));
                        txs.add(steady.tx(user, "counter", "delete_key", key));
                        model.remove(HexFormat.of().formatHex(key));
                    } else {
                        byte[] key = keyUnderPrefix(random);
                        txs.add(steady.tx(user, "counter", "put_key", key));
                        live.add(key);
                        model.put(HexFormat.of().formatHex(key), key);
                    }
                }
                Block block = steady.next(txs);
                BlockEffects steadyEffects = steady.executor.execute(block);
                steadyWrites.addAll(steadyEffects.treeNodes());
                steady.store.append(block, steadyEffects, null, null);
                if (b % RESTART_EVERY == 0) {
                    restartedExecutor = restarted.anotherExecutor();
                }
                BlockEffects effects = restartedExecutor.execute(block);
                restarted.store.append(block, effects, null, null);
                heights.add(new HashMap<>(model));
            }

            SparseMerkleTree tree = new SparseMerkleTree(key -> steady.store.treeNode(key.encode()).map(TreeNode::decode));
            long genesisHeights = steady.store.tip().height() - BLOCKS;
            for (int b = 0; b < BLOCKS; b++) {
                long height = genesisHeights + b + 1;
                Hash root = steady.store.stateRoot(height).orElseThrow();
                assertEquals(root, tree.root(height), "root read back through the deltas at height " + height);
                for (Map.Entry<String, byte[]> e : heights.get(b).entrySet()) {
                    Hash keyHash = StateKeys.keyHash("counter", e.getValue());
                    SparseMerkleProof proof = tree.prove(keyHash, height);
                    assertTrue(proof.verify(root, keyHash, Optional.of(StateKeys.valueHash(e.getValue()))).isValid(),
                            "key " + e.getKey() + " at height " + height);
                }
            }

            List<StateEntry> steadyNodes = nodes(steady);
            List<StateEntry> restartedNodes = nodes(restarted);
            assertEquals(steadyNodes, restartedNodes, "tree nodes stored with and without restarts");
            int longest = 0;
            int deltas = 0;
            int[] deltasAtDepth = new int[NibblePath.MAX_LENGTH + 1];
            for (TreeNodeWrite w : steadyWrites) {
                if (SlotDelta.isDelta(w.node())) {
                    deltas++;
                    longest = Math.max(longest, SlotDelta.chain(w.node()));
                    deltasAtDepth[NodeKey.decode(w.key()).path().length()]++;
                }
            }
            assertTrue(deltas > BLOCKS, "each block stores its root at least as a delta, got " + deltas + " deltas");
            assertTrue(deltasAtDepth[4] > 0, "nodes of depth 4 are stored as deltas too");
            for (int depth = 5; depth < deltasAtDepth.length; depth++) {
                assertEquals(0, deltasAtDepth[depth], "deltas at depth " + depth);
            }
            assertEquals(TreeCommitment.MAX_DELTA_CHAIN, longest, "chains grow to the bound and no further");
        }
    }

    /**
     * A random key whose key hash starts with {@link #KEY_PREFIX}: so few keys
     * spread over all of a large tree's depth-4 nodes would leave them leaves,
     * while under one depth-2 path they share and rewrite internal nodes of
     * depths 3 and 4 again and again, as a large tree does.
     */
    private static byte[] keyUnderPrefix(Random random) {
        while (true) {
            byte[] key = new byte[1 + random.nextInt(12)];
            random.nextBytes(key);
            if (StateKeys.keyHash("counter", key).unsafeArray()[0] == KEY_PREFIX) {
                return key;
            }
        }
    }

    private static List<StateEntry> nodes(ExecutionFixture fx) {
        List<StateEntry> out = new ArrayList<>();
        try (StateEntries entries = fx.store.stateEntries(StateFamily.TREE_NODES)) {
            entries.forEachRemaining(out::add);
        }
        return out;
    }
}
