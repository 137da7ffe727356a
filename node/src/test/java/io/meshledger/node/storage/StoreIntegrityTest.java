package io.meshledger.node.storage;

import io.meshledger.core.block.Block;
import io.meshledger.core.merkle.NodePosition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stored data damaged behind the store's back makes it refuse to open (or to serve), naming the height. */
class StoreIntegrityTest {
    private static final int BLOCKS = 12;

    @TempDir
    Path dir;

    private final TestChain chain = TestChain.random();

    @BeforeEach
    void storeWithTwelveBlocks() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            // Blocks 1 and 2 always carry transactions (tests corrupt them and look their transactions up).
            store.append(chain.next(1), null);
            store.append(chain.next(2), null);
            for (Block block : chain.next(BLOCKS - 3, 3)) {
                store.append(block, null);
            }
            store.append(chain.next(2), null);
        }
    }

    @Test
    void aGarbledTipBlockIsReportedAtTheTipHeight() {
        long tip = chain.height();
        corrupt(raw -> raw.put(ColumnFamily.BLOCKS, StorageCodec.height(tip), new byte[]{1, 2, 3}));
        assertCorruptedAt(tip, "does not decode");
    }

    @Test
    void aBlockReplacedBelowTheTipBreaksTheHashChainAndIsReportedAtItsHeight() {
        Block impostor = TestChain.random().next(5, 2).get(4);
        corrupt(raw -> raw.put(ColumnFamily.BLOCKS, StorageCodec.height(5), impostor.encode()));
        assertCorruptedAt(5, "names parent");
    }

    @Test
    void aTipRecordNamingAnotherHashIsReportedAtTheTipHeight() {
        Tip wrong = new Tip(chain.height(), chain.block(3).hash(), chain.txCount());
        corrupt(raw -> raw.put(ColumnFamily.METADATA, StorageCodec.TIP_KEY, StorageCodec.tip(wrong)));
        assertCorruptedAt(chain.height(), "recorded tip hash");
    }

    @Test
    void aTipRecordBelowAStoredBlockIsReportedAtThatBlock() {
        Block previous = chain.block(chain.height() - 1);
        Tip rolledBack = new Tip(previous.height(), previous.hash(), previous.header().txCountTotal());
        corrupt(raw -> raw.put(ColumnFamily.METADATA, StorageCodec.TIP_KEY, StorageCodec.tip(rolledBack)));
        assertCorruptedAt(chain.height(), "above the recorded tip");
    }

    @Test
    void aGarbledTipRecordIsReported() {
        corrupt(raw -> raw.put(ColumnFamily.METADATA, StorageCodec.TIP_KEY, new byte[]{0}));
        var e = assertThrows(StoreCorruptedException.class, () -> RocksLedgerStore.open(dir));
        assertEquals(OptionalLong.empty(), e.height());
        assertTrue(e.getMessage().contains("recorded tip is malformed"), e.getMessage());
    }

    @Test
    void aLostAccumulatorNodeIsReportedAtTheTipHeight() {
        corrupt(raw -> raw.delete(ColumnFamily.ACCUMULATOR, StorageCodec.position(leftmostSubtreeAtTip())));
        assertCorruptedAt(chain.height(), "missing");
    }

    @Test
    void aChangedAccumulatorNodeIsReportedAtTheTipHeight() {
        corrupt(raw -> raw.put(ColumnFamily.ACCUMULATOR, StorageCodec.position(leftmostSubtreeAtTip()),
                chain.randomHash().unsafeArray()));
        assertCorruptedAt(chain.height(), "accumulator root");
    }

    @Test
    void aHashIndexEntryPointingElsewhereIsReportedAtTheIndexedBlock() {
        Block seventh = chain.block(7);
        corrupt(raw -> raw.put(ColumnFamily.BLOCK_HASH, seventh.hash().unsafeArray(), StorageCodec.height(3)));
        assertCorruptedAt(7, "hash index");
    }

    @Test
    void linksBelowTheVerifyDepthAreCheckedOnOpenOnlyWhenVerifyingAllAndTheBlockIsNeverServed() {
        Block impostor = TestChain.random().next(3, 2).get(2);
        corrupt(raw -> raw.put(ColumnFamily.BLOCKS, StorageCodec.height(3), impostor.encode()));
        LedgerStoreOptions shallow = LedgerStoreOptions.defaults().withVerifyDepth(4);

        try (RocksLedgerStore store = RocksLedgerStore.open(dir, shallow)) {
            assertEquals(chain.tip(), store.tip());
            var byHeight = assertThrows(StoreCorruptedException.class, () -> store.block(3));
            assertEquals(OptionalLong.of(3), byHeight.height());
            var byHash = assertThrows(StoreCorruptedException.class, () -> store.blockByHash(chain.block(3).hash()));
            assertEquals(OptionalLong.of(3), byHash.height());
        }
        var e = assertThrows(StoreCorruptedException.class, () -> RocksLedgerStore.open(dir, shallow.verifyingAll()));
        assertEquals(OptionalLong.of(3), e.height(), e.getMessage());
    }

    @Test
    void aGarbledBlockBelowTheVerifyDepthIsReportedWhenRead() {
        corrupt(raw -> raw.put(ColumnFamily.BLOCKS, StorageCodec.height(2), new byte[]{(byte) 0xff, 0x7f}));
        try (RocksLedgerStore store = RocksLedgerStore.open(dir, LedgerStoreOptions.defaults().withVerifyDepth(3))) {
            var e = assertThrows(StoreCorruptedException.class, () -> store.block(2));
            assertEquals(OptionalLong.of(2), e.height());
            var tx = chain.block(2).transactions().getFirst().id();
            assertEquals(OptionalLong.of(2), assertThrows(StoreCorruptedException.class,
                    () -> store.transaction(tx)).height());
        }
    }

    @Test
    void aStoreWrittenWithAnotherSchemaVersionIsRefused() {
        corrupt(raw -> raw.put(ColumnFamily.METADATA, StorageCodec.SCHEMA_VERSION_KEY, StorageCodec.intValue(99)));
        var e = assertThrows(StorageException.class, () -> RocksLedgerStore.open(dir));
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    }

    /** The largest perfect subtree of the accumulator at the tip: every root and proof at the tip reads it. */
    private NodePosition leftmostSubtreeAtTip() {
        return new NodePosition(63 - Long.numberOfLeadingZeros(chain.txCount()), 0);
    }

    private void corrupt(Consumer<RawRocks> damage) {
        try (RawRocks raw = RawRocks.open(dir)) {
            damage.accept(raw);
        }
    }

    private void assertCorruptedAt(long height, String what) {
        var e = assertThrows(StoreCorruptedException.class, () -> RocksLedgerStore.open(dir));
        assertEquals(OptionalLong.of(height), e.height(), e.getMessage());
        assertTrue(e.getMessage().contains("height " + height), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }
}
