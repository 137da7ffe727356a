package io.meshledger.node.storage;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Event;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.state.InternalNode;
import io.meshledger.core.state.NibblePath;
import io.meshledger.core.state.NodeKey;
import io.meshledger.core.state.SlotDelta;
import io.meshledger.core.tx.SignedTransaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateStoreTest {
    @TempDir
    Path dir;

    private final TestChain chain = TestChain.seeded(7);

    @Test
    void valuesReadBackAtEveryHeightAndDeletionsHideThem() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            append(store, chain.next(1), List.of(write("c", "k", "v1", 0)));
            append(store, chain.next(1), List.of(write("c", "k", "v2", 0)));
            append(store, chain.next(1), List.of(new StateWrite("c", bytes("k"), null, 0)));

            assertEquals(Optional.empty(), store.stateValue("c", bytes("k").toArray(), 0));
            assertEquals("v1", text(store.stateValue("c", bytes("k").toArray(), 1)));
            assertEquals("v2", text(store.stateValue("c", bytes("k").toArray(), 2)));
            assertEquals(Optional.empty(), store.stateValue("c", bytes("k").toArray(), 3));
            assertEquals(Optional.empty(), store.stateValue("other", bytes("k").toArray(), 2));
            List<StoredValue> history = store.stateHistory("c", bytes("k").toArray(), 0, 10);
            assertEquals(List.of(1L, 2L, 3L), history.stream().map(StoredValue::height).toList());
            assertTrue(history.get(2).deletion());
            assertEquals(List.of(2L, 3L), store.stateHistory("c", bytes("k").toArray(), 2, 10).stream()
                    .map(StoredValue::height).toList());
        }
    }

    @Test
    void theNewestVersionIsStoredOnceAndAPointerToItThatTheValuesDoNotBackIsCorruptionAtItsHeight() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            append(store, chain.next(1), List.of(write("c", "k", "v1", 0)));
            append(store, chain.next(2), List.of(write("c", "k", "v2", 0), write("c", "j", "w", 1)));
        }
        // The newest-version entry is 13 bytes (height, tx index, flag) whatever the value's size.
        StoreTampering.editLatestStateValue(dir, "c", bytes("k").toArray(), pointer -> {
            assertEquals(13, pointer.length);
            return pointer;
        });
        // Pointed at tx 5 of height 2, which wrote nothing.
        StoreTampering.editLatestStateValue(dir, "c", bytes("k").toArray(), pointer -> {
            byte[] out = pointer.clone();
            out[11] = 5;
            return out;
        });
        // The version j's pointer names made a deletion, while the pointer says value.
        StoreTampering.editStateValue(dir, "c", bytes("j").toArray(), 2, 1, stored -> new byte[] {0});
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            var missing = assertThrows(StoreCorruptedException.class,
                    () -> store.stateValue("c", bytes("k").toArray(), 2));
            assertEquals(2, missing.height().orElseThrow());
            assertTrue(missing.getMessage().contains("missing from the versioned values"), missing.getMessage());
            var deleted = assertThrows(StoreCorruptedException.class,
                    () -> store.stateValue("c", bytes("j").toArray(), 2));
            assertEquals(2, deleted.height().orElseThrow());
            assertTrue(deleted.getMessage().contains("hold a deletion"), deleted.getMessage());
            // Below the newest height the versioned values answer on their own.
            assertEquals("v1", text(store.stateValue("c", bytes("k").toArray(), 1)));
        }
    }

    @Test
    void receiptsAndStateRootsAreStoredWithTheirBlock() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            Block block = chain.next(2);
            Hash root = chain.randomHash();
            List<Receipt> receipts = List.of(
                    Receipt.success(block.transactions().get(0).id(), 1, 0,
                            List.of(new Event("c", "Done", bytes("k"), bytes("d"))), 700, bytes("r")),
                    Receipt.failure(block.transactions().get(1).id(), 1, 1, "PERMISSION_DENIED", "no grant", 300));
            store.append(block, new BlockEffects(receipts, List.of(), List.of(new TreeNodeWrite(new byte[] {1},
                    new byte[] {2})), root), null, null);
            assertEquals(receipts, store.receipts(1));
            assertEquals(Optional.of(receipts.get(1)), store.receipt(1, 1));
            assertEquals(Optional.of(root), store.stateRoot(1));
            assertArrayEquals(new byte[] {2}, store.treeNode(new byte[] {1}).orElseThrow());
        }
    }

    @Test
    void aCertificateForAnotherStateRootIsRefusedAndNothingIsWritten() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            Block block = chain.next(0);
            BlockEffects effects = new BlockEffects(List.of(), List.of(), List.of(), chain.randomHash());
            assertThrows(BlockRejectedException.class,
                    () -> store.append(block, effects, TestChain.certificateFor(block), null));
            assertEquals(Tip.EMPTY, store.tip());
            store.append(block, effects, null, null);
            assertThrows(BlockRejectedException.class, () -> store.saveCertificate(1, TestChain.certificateFor(block)));
        }
    }

    @Test
    void keysContainingZeroBytesAndPrefixesOfEachOtherStayApart() {
        byte[][] keys = {{}, {0}, {0, 0}, {0, 1}, {1}, {1, 0}, {(byte) 0xFF}, {(byte) 0xFF, 0}};
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            List<StateWrite> writes = new ArrayList<>();
            for (int i = 1; i < keys.length; i++) {
                writes.add(new StateWrite("c", Bytes.of(keys[i]), Bytes.of(new byte[] {(byte) i}), 0));
            }
            writes.add(new StateWrite("c\0", Bytes.of(new byte[] {0}), Bytes.of(new byte[] {99}), 0));
            append(store, chain.next(1), writes);
            for (int i = 1; i < keys.length; i++) {
                assertArrayEquals(new byte[] {(byte) i}, store.stateValue("c", keys[i], 1).orElseThrow().value()
                        .toArray(), "key " + Arrays.toString(keys[i]));
            }
            List<StoredValue> all = store.scanState("c", new byte[0], null, 100, 1);
            assertEquals(keys.length - 1, all.size());
            for (int i = 1; i < keys.length; i++) {
                assertArrayEquals(keys[i], all.get(i - 1).key().toArray());
            }
            assertEquals(3, store.scanState("c", new byte[] {0}, null, 100, 1).size());
            assertEquals(1, store.scanState("c\0", new byte[0], null, 100, 1).size());
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 25);
    }

    /** Random writes over several heights; every height's scans and reads agree with a naive model. */
    @ParameterizedTest
    @MethodSource("seeds")
    void scansAndReadsAgreeWithANaiveModelAtEveryHeight(long seed) {
        Random random = new Random(seed);
        List<TreeMap<Bytes, Bytes>> models = new ArrayList<>();
        TreeMap<Bytes, Bytes> model = new TreeMap<>();
        Path sub = dir.resolve("s" + seed);
        try (RocksLedgerStore store = RocksLedgerStore.open(sub)) {
            for (int h = 1; h <= 6; h++) {
                List<StateWrite> writes = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    Bytes key = Bytes.of(randomKey(random));
                    Bytes value = random.nextInt(4) == 0 ? null : Bytes.of(new byte[] {(byte) random.nextInt()});
                    writes.add(new StateWrite("c", key, value, i));
                    if (value == null) {
                        model.remove(key);
                    } else {
                        model.put(key, value);
                    }
                }
                append(store, chain.next(0), writes);
                models.add(new TreeMap<>(model));
            }
            for (int h = 1; h <= 6; h++) {
                TreeMap<Bytes, Bytes> expected = models.get(h - 1);
                byte[] prefix = random.nextBoolean() ? new byte[0] : new byte[] {(byte) random.nextInt(3)};
                byte[] startAfter = random.nextBoolean() ? null : randomKey(random);
                List<Map.Entry<Bytes, Bytes>> want = expected.entrySet().stream()
                        .filter(e -> startsWith(e.getKey().toArray(), prefix))
                        .filter(e -> startAfter == null || Arrays.compareUnsigned(e.getKey().toArray(), startAfter) > 0)
                        .limit(7).toList();
                List<StoredValue> got = store.scanState("c", prefix, startAfter, 7, h);
                assertEquals(want.stream().map(Map.Entry::getKey).toList(), got.stream().map(StoredValue::key).toList());
                assertEquals(want.stream().map(Map.Entry::getValue).toList(), got.stream().map(StoredValue::value).toList());
                for (int i = 0; i < 10; i++) {
                    Bytes key = Bytes.of(randomKey(random));
                    assertEquals(Optional.ofNullable(expected.get(key)),
                            store.stateValue("c", key.toArray(), h).map(StoredValue::value));
                }
            }
        }
    }

    @Test
    void slotDeltasResolveThroughTheirBasesAndABrokenChainIsCorruptionNotAnotherNode() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            NibblePath path = NibblePath.EMPTY.child(3);
            InternalNode whole = new InternalNode(List.of(new InternalNode.Child(1, 1, chain.randomHash(), true),
                    new InternalNode.Child(9, 1, chain.randomHash(), true)));
            InternalNode second = new InternalNode(List.of(new InternalNode.Child(1, 1, whole.children().get(0).hash(), true),
                    new InternalNode.Child(4, 2, chain.randomHash(), true), new InternalNode.Child(9, 1,
                            whole.children().get(1).hash(), true)));
            InternalNode third = new InternalNode(List.of(new InternalNode.Child(4, 2, second.children().get(1).hash(),
                    true), new InternalNode.Child(9, 3, chain.randomHash(), false)));
            byte[] k1 = new NodeKey(1, path).encode();
            byte[] k2 = new NodeKey(2, path).encode();
            byte[] k3 = new NodeKey(3, path).encode();
            appendNodes(store, List.of(new TreeNodeWrite(k1, whole.encode())));
            appendNodes(store, List.of(new TreeNodeWrite(k2, SlotDelta.encode(1, 1, whole, second))));
            appendNodes(store, List.of(new TreeNodeWrite(k3, SlotDelta.encode(2, 2, second, third))));
            assertArrayEquals(whole.encode(), store.treeNode(k1).orElseThrow());
            assertEquals(0, store.storedTreeNode(k1).orElseThrow().chain());
            assertArrayEquals(second.encode(), store.treeNode(k2).orElseThrow());
            assertArrayEquals(third.encode(), store.treeNode(k3).orElseThrow());
            assertEquals(2, store.storedTreeNode(k3).orElseThrow().chain());

            byte[] orphan = new NodeKey(4, path).encode();
            appendNodes(store, List.of(new TreeNodeWrite(orphan, SlotDelta.encode(0, 1, whole, second))));
            assertThrows(StoreCorruptedException.class, () -> store.treeNode(orphan), "the base is missing");
            byte[] miscounted = new NodeKey(5, path).encode();
            appendNodes(store, List.of(new TreeNodeWrite(miscounted, SlotDelta.encode(2, 1, second, third))));
            assertThrows(StoreCorruptedException.class, () -> store.treeNode(miscounted), "says 1 delta, is 2");
            byte[] newer = new NodeKey(6, path).encode();
            appendNodes(store, List.of(new TreeNodeWrite(newer, SlotDelta.encode(6, 1, whole, second))));
            assertThrows(StoreCorruptedException.class, () -> store.treeNode(newer), "a base not older loops");
        }
    }

    @Test
    void nodesOfEveryDepthReadBackFromTheirBundlesAndADamagedBundleIsCorruption() {
        List<NibblePath> paths = List.of(NibblePath.EMPTY, NibblePath.of(3), NibblePath.of(3, 1), NibblePath.of(3, 2),
                NibblePath.of(3, 1, 5), NibblePath.of(3, 1, 5, 7), NibblePath.of(3, 1, 5, 7, 0),
                NibblePath.of(3, 1, 5, 7, 0, 9), NibblePath.of(3, 1, 5, 7, 2), NibblePath.of(8),
                NibblePath.of(8, 0, 0, 0), NibblePath.of(8, 0, 0, 0, 4));
        long height;
        List<TreeNodeWrite> writes = new ArrayList<>();
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            height = store.tip().height() + 1;
            for (int i = 0; i < paths.size(); i++) {
                writes.add(new TreeNodeWrite(new NodeKey(height, paths.get(i)).encode(), new byte[] {2, (byte) i}));
            }
            appendNodes(store, writes);
            for (TreeNodeWrite w : writes) {
                assertArrayEquals(w.node(), store.treeNode(w.key()).orElseThrow());
            }
            assertEquals(Optional.empty(), store.treeNode(new NodeKey(height, NibblePath.of(3, 3)).encode()),
                    "absent from a bundle that exists");
            assertEquals(Optional.empty(), store.treeNode(new NodeKey(height, NibblePath.of(4, 3)).encode()),
                    "in a bundle that does not exist");
            try (StateEntries entries = store.stateEntries(StateFamily.TREE_NODES)) {
                int records = 0;
                while (entries.hasNext()) {
                    entries.next();
                    records++;
                }
                assertEquals(5, records, "the root, bundles under 3 and 8, and under 3157 and 8000");
            }
        }
        StoreTampering.editStateTreeNode(dir, new NodeKey(height, NibblePath.of(3)).encode(),
                bytes -> StoreTampering.flip(bytes, 2));
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertThrows(StoreCorruptedException.class, () -> store.treeNode(writes.get(3).key()));
            assertArrayEquals(writes.get(6).node(), store.treeNode(writes.get(6).key()).orElseThrow(),
                    "other records are untouched");
        }
    }

    private void appendNodes(RocksLedgerStore store, List<TreeNodeWrite> nodes) {
        Block block = chain.next(0);
        store.append(block, new BlockEffects(List.of(), List.of(), nodes, chain.randomHash()), null, null);
    }

    private void append(RocksLedgerStore store, Block block, List<StateWrite> writes) {
        List<Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < block.transactions().size(); i++) {
            SignedTransaction tx = block.transactions().get(i);
            receipts.add(Receipt.success(tx.id(), block.height(), i, List.of(), 1, Bytes.EMPTY));
        }
        store.append(block, new BlockEffects(receipts, writes, List.of(), chain.randomHash()), null, null);
    }

    private static byte[] randomKey(Random random) {
        byte[] key = new byte[1 + random.nextInt(3)];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) random.nextInt(3);
        }
        return key;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static StateWrite write(String contract, String key, String value, int txIndex) {
        return new StateWrite(contract, bytes(key), bytes(value), txIndex);
    }

    private static Bytes bytes(String s) {
        return Bytes.of(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String text(Optional<StoredValue> v) {
        return new String(v.orElseThrow().value().toArray(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
