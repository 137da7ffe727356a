package io.meshledger.node.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsensusStateStoreTest {
    @TempDir
    Path dir;

    @Test
    void safetyDataSurvivesReopening() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertTrue(store.loadSafetyData().isEmpty());
            store.saveSafetyData(new byte[] {1, 2});
            store.saveSafetyData(new byte[] {3, 4, 5});
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertArrayEquals(new byte[] {3, 4, 5}, store.loadSafetyData().orElseThrow());
        }
    }

    @Test
    void pendingBlocksAreKeptInHeightOrderUntilPruned() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            store.savePendingBlock(7, new byte[] {1}, new byte[] {70});
            store.savePendingBlock(5, new byte[] {2}, new byte[] {50});
            store.savePendingBlock(7, new byte[] {0}, new byte[] {71});
            store.savePendingBlock(9, new byte[] {3}, new byte[] {90});
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertEquals(List.of(50, 71, 70, 90), store.pendingBlocks().stream().map(b -> (int) b[0]).toList());
            store.prunePendingBlocks(7);
            assertEquals(List.of(90), store.pendingBlocks().stream().map(b -> (int) b[0]).toList());
        }
    }

    @Test
    void commitProofsAreStoredAtomicallyWithTheirBlockAndFoundByHeight() {
        TestChain chain = TestChain.random();
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            store.append(chain.next(2), null, null);
            store.append(chain.next(1), null, new byte[] {9});
            store.append(chain.next(0), null, null);
            store.append(chain.next(3), null, null);
            store.append(chain.next(1), null, new byte[] {7, 7});
            store.saveSafetyData(new byte[] {1});
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertTrue(store.commitProof(1).isEmpty());
            assertArrayEquals(new byte[] {9}, store.commitProof(2).orElseThrow());
            assertEquals(Optional.of(2L), store.commitProofHeightAtOrBelow(4));
            assertEquals(Optional.of(5L), store.commitProofHeightAtOrBelow(5));
            assertEquals(Optional.of(5L), store.commitProofHeightAtOrBelow(1_000));
            assertEquals(Optional.empty(), store.commitProofHeightAtOrBelow(1));
            assertEquals(Optional.of(2L), store.commitProofHeightAtOrAbove(1));
            assertEquals(Optional.of(5L), store.commitProofHeightAtOrAbove(3));
            assertEquals(Optional.empty(), store.commitProofHeightAtOrAbove(6));
            assertArrayEquals(new byte[] {7, 7}, store.commitProof(5).orElseThrow());
        }
    }
}
