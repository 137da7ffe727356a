package io.meshledger.node.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A batch reaches RocksDB with each family's puts in key order (see
 * {@link RocksDatabase.Batch}); what it stores must still be what applying its
 * writes in the caller's order stores.
 */
class RocksDatabaseBatchTest {
    private static final List<ColumnFamily> FAMILIES =
            List.of(ColumnFamily.STATE_LATEST, ColumnFamily.TX_INDEX, ColumnFamily.CONSENSUS);
    private static final int KEY_SPACE = 40;

    @TempDir
    Path dir;

    @Test
    void theLastPutOfAKeyWinsWhateverItsPlaceInKeyOrder() {
        try (RocksDatabase db = RocksDatabase.open(dir, 8 << 20, false)) {
            db.writeSync(b -> {
                b.put(ColumnFamily.STATE_LATEST, key(9), value(1));
                b.put(ColumnFamily.STATE_LATEST, key(2), value(2));
                b.put(ColumnFamily.STATE_LATEST, key(9), value(3));
                b.put(ColumnFamily.STATE_LATEST, key(0), value(4));
            });
            assertArrayEquals(value(3), db.get(ColumnFamily.STATE_LATEST, key(9)));
            assertArrayEquals(value(2), db.get(ColumnFamily.STATE_LATEST, key(2)));
            assertArrayEquals(value(4), db.get(ColumnFamily.STATE_LATEST, key(0)));
        }
    }

    @Test
    void aRangeDeletionRemovesThePutsBeforeItAndNotThoseAfterIt() {
        try (RocksDatabase db = RocksDatabase.open(dir, 8 << 20, false)) {
            db.writeSync(b -> {
                b.put(ColumnFamily.CONSENSUS, plain(5), value(1));
                b.put(ColumnFamily.CONSENSUS, plain(7), value(2));
                b.deleteRange(ColumnFamily.CONSENSUS, plain(4), plain(8));
                b.put(ColumnFamily.CONSENSUS, plain(6), value(3));
            });
            assertNull(db.get(ColumnFamily.CONSENSUS, plain(5)));
            assertNull(db.get(ColumnFamily.CONSENSUS, plain(7)));
            assertArrayEquals(value(3), db.get(ColumnFamily.CONSENSUS, plain(6)));
        }
    }

    /** Random batches of puts and range deletions over a small key space, against a map applying them in order. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void storesWhatApplyingTheWritesInOrderWould(long seed) {
        Random random = new Random(seed);
        Map<ColumnFamily, TreeMap<byte[], byte[]>> model = new EnumMap<>(ColumnFamily.class);
        FAMILIES.forEach(f -> model.put(f, new TreeMap<>(Arrays::compareUnsigned)));
        boolean sync = random.nextBoolean();
        try (RocksDatabase db = RocksDatabase.open(dir, 8 << 20, false)) {
            for (int batch = 0; batch < 5; batch++) {
                List<Consumer<RocksDatabase.Batch>> ops = new ArrayList<>();
                for (int i = 0, n = 1 + random.nextInt(60); i < n; i++) {
                    ColumnFamily family = FAMILIES.get(random.nextInt(FAMILIES.size()));
                    TreeMap<byte[], byte[]> expected = model.get(family);
                    if (random.nextInt(10) == 0) {
                        byte[] a = key(random.nextInt(KEY_SPACE));
                        byte[] c = key(random.nextInt(KEY_SPACE));
                        byte[] from = Arrays.compareUnsigned(a, c) <= 0 ? a : c;
                        byte[] to = from == a ? c : a;
                        expected.subMap(from, to).clear();
                        ops.add(b -> b.deleteRange(family, from, to));
                    } else {
                        byte[] k = key(random.nextInt(KEY_SPACE));
                        byte[] v = value(random.nextInt());
                        expected.put(k, v);
                        ops.add(b -> b.put(family, k, v));
                    }
                }
                Consumer<RocksDatabase.Batch> fill = b -> ops.forEach(op -> op.accept(b));
                if (sync) {
                    db.writeSync(fill);
                } else {
                    db.write(fill);
                }
                for (ColumnFamily family : FAMILIES) {
                    for (int i = 0; i < KEY_SPACE; i++) {
                        byte[] k = key(i);
                        assertArrayEquals(model.get(family).get(k), db.get(family, k),
                                () -> "seed " + seed + ", " + family + ", key " + Arrays.toString(k));
                    }
                }
            }
        }
    }

    /** Keys whose unsigned order differs from their signed order, so a signed sort would be caught. */
    private static byte[] key(int i) {
        return new byte[] {(byte) (i * 37 % 256), (byte) i};
    }

    private static byte[] plain(int i) {
        return new byte[] {(byte) i};
    }

    private static byte[] value(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
