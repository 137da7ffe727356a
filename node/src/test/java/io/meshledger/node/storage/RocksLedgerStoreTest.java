package io.meshledger.node.storage;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.ConsistencyProof;
import io.meshledger.core.merkle.InclusionProof;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.tx.SignedTransaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RocksLedgerStoreTest {
    @TempDir
    Path dir;

    private final TestChain chain = TestChain.random();

    @Test
    void anEmptyStoreHasTheEmptyTipAndServesNothing() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertEquals(Tip.EMPTY, store.tip());
            assertEquals(Optional.empty(), store.block(1));
            assertEquals(Optional.empty(), store.blockByHash(chain.randomHash()));
            assertEquals(Optional.empty(), store.transaction(chain.randomHash()));
            assertEquals(Optional.empty(), store.certificate(1));
            assertEquals(MerkleAccumulator.emptyRoot(), store.accumulatorRoot(0));
        }
    }

    @Test
    void appendedBlocksReadBackByHeightByHashAndTransactionsByIdWithTheirLocation() {
        List<Block> blocks = List.of(chain.next(3), chain.next(0), chain.next(1), chain.next(5));
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            blocks.forEach(b -> store.append(b, null));

            long globalIndex = 0;
            for (Block block : blocks) {
                assertSameBlock(block, store.block(block.height()).orElseThrow());
                assertSameBlock(block, store.blockByHash(block.hash()).orElseThrow());
                for (int i = 0; i < block.transactions().size(); i++) {
                    SignedTransaction tx = block.transactions().get(i);
                    CommittedTransaction read = store.transaction(tx.id()).orElseThrow();
                    assertArrayEquals(tx.encode(), read.transaction().encode());
                    assertEquals(new TransactionLocation(block.height(), i, globalIndex++), read.location());
                    assertTrue(store.containsTransaction(tx.id()));
                }
            }
            assertFalse(store.containsTransaction(chain.transaction().id()));
            assertEquals(Optional.empty(), store.block(5));
        }
    }

    @Test
    void theTipFollowsEveryAppend() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            for (int i = 0; i < 5; i++) {
                Block block = chain.next(2);
                store.append(block, null);
                assertEquals(new Tip(block.height(), block.hash(), chain.txCount()), store.tip());
            }
        }
    }

    @Test
    void reopeningKeepsTheTipBlocksTransactionsAndCertificates() {
        List<Block> blocks = chain.next(20, 4);
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            for (Block block : blocks) {
                store.append(block, block.height() % 2 == 0 ? TestChain.certificateFor(block) : null);
            }
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertEquals(chain.tip(), store.tip());
            for (Block block : blocks) {
                assertSameBlock(block, store.block(block.height()).orElseThrow());
                assertEquals(block.height() % 2 == 0, store.certificate(block.height()).isPresent());
                block.transactions().forEach(tx -> assertTrue(store.containsTransaction(tx.id())));
            }
            Block next = chain.next(2);
            store.append(next, null);
            assertEquals(chain.tip(), store.tip());
        }
    }

    @Test
    void certificatesArriveWithTheBlockOrLaterAndReadBackExactly() {
        Block first = chain.next(1);
        Block second = chain.next(1);
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            LedgerCertificate withBlock = TestChain.certificateFor(first);
            store.append(first, withBlock);
            store.append(second, null);
            assertEquals(Optional.empty(), store.certificate(2));

            LedgerCertificate later = TestChain.certificateFor(second);
            store.saveCertificate(2, later);
            assertArrayEquals(withBlock.encode(), store.certificate(1).orElseThrow().encode());
            assertArrayEquals(later.encode(), store.certificate(2).orElseThrow().encode());
        }
    }

    @Test
    void aLaterCertificateMustCertifyTheStoredBlockAtAKnownHeight() {
        Block first = chain.next(1);
        Block second = chain.next(1);
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            store.append(first, null);
            store.append(second, null);

            var wrongBlock = assertThrows(BlockRejectedException.class,
                    () -> store.saveCertificate(1, TestChain.certificateFor(second)));
            assertEquals(BlockRejectedException.Reason.CERTIFICATE_MISMATCH, wrongBlock.reason());
            var unknown = assertThrows(BlockRejectedException.class,
                    () -> store.saveCertificate(3, TestChain.certificateFor(second)));
            assertEquals(BlockRejectedException.Reason.CERTIFICATE_FOR_UNKNOWN_BLOCK, unknown.reason());
            assertEquals(Optional.empty(), store.certificate(1));
        }
    }

    @Test
    void accumulatorRootsAtEveryHeightEqualRootsRecomputedFromScratch() {
        List<Block> blocks = chain.next(40, 5);
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            blocks.forEach(b -> store.append(b, null));
            for (long h = 0; h <= chain.height(); h++) {
                assertEquals(chain.rootFromScratch(h), store.accumulatorRoot(h), "root at height " + h);
            }
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            for (Block block : blocks) {
                assertEquals(block.header().txAccumulatorRoot(), store.accumulatorRoot(block.height()));
            }
        }
    }

    @Test
    void inclusionProofsFromTheStoreVerifyAgainstTheRootAtAnyLaterHeight() {
        List<Block> blocks = chain.next(12, 4);
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            blocks.forEach(b -> store.append(b, null));
            for (Block block : blocks) {
                for (SignedTransaction tx : block.transactions()) {
                    TransactionLocation location = store.transaction(tx.id()).orElseThrow().location();
                    for (long h = block.height(); h <= chain.height(); h++) {
                        InclusionProof proof = store.inclusionProof(location.globalIndex(), h);
                        var check = proof.verify(MerkleAccumulator.leafHash(tx.id().unsafeArray()),
                                chain.rootFromScratch(h));
                        assertTrue(check.isValid(), "tx " + location + " at height " + h + ": " + check);
                    }
                }
            }
        }
    }

    @Test
    void consistencyProofsBetweenAnyTwoHeightsVerify() {
        List<Block> blocks = chain.next(15, 3);
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            blocks.forEach(b -> store.append(b, null));
            for (long from = 0; from <= chain.height(); from++) {
                for (long to = from; to <= chain.height(); to++) {
                    ConsistencyProof proof = store.consistencyProof(from, to);
                    var check = proof.verify(chain.rootFromScratch(from), chain.rootFromScratch(to));
                    assertTrue(check.isValid(), "from " + from + " to " + to + ": " + check);
                }
            }
        }
    }

    @Test
    void rootsAndProofsBeyondTheTipAreRefusedAsBadArguments() {
        Block block = chain.next(2);
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            store.append(block, null);
            assertThrows(IllegalArgumentException.class, () -> store.accumulatorRoot(2));
            assertThrows(IllegalArgumentException.class, () -> store.accumulatorRoot(-1));
            assertThrows(IllegalArgumentException.class, () -> store.inclusionProof(2, 1));
            assertThrows(IllegalArgumentException.class, () -> store.inclusionProof(0, 0));
            assertThrows(IllegalArgumentException.class, () -> store.consistencyProof(1, 2));
            assertThrows(IllegalArgumentException.class, () -> store.consistencyProof(1, 0));
        }
    }

    @Test
    void readersOnOtherThreadsSeeOnlyCompleteBlocksWhileTheWriterAppends() throws Exception {
        List<Block> blocks = chain.next(150, 3);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        AtomicBoolean writing = new AtomicBoolean(true);
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            List<Future<Integer>> checks = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                checks.add(readers.submit(() -> {
                    // The last round starts after the writer finished, so every reader checks the final tip.
                    int seen = 0;
                    boolean more;
                    do {
                        more = writing.get();
                        Tip tip = store.tip();
                        if (tip.height() == 0) {
                            continue;
                        }
                        Block block = store.block(tip.height()).orElseThrow();
                        assertEquals(tip.hash(), block.hash());
                        assertEquals(block.header().txAccumulatorRoot(), store.accumulatorRoot(tip.height()));
                        block.transactions().forEach(tx -> assertTrue(store.containsTransaction(tx.id())));
                        seen++;
                    } while (more);
                    return seen;
                }));
            }
            blocks.forEach(b -> store.append(b, null));
            writing.set(false);
            for (Future<Integer> check : checks) {
                assertTrue(check.get(30, TimeUnit.SECONDS) > 0);
            }
        } finally {
            writing.set(false);
            readers.shutdownNow();
            assertTrue(readers.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aClosedStoreRefusesReadsInsteadOfCrashing() {
        RocksLedgerStore store = RocksLedgerStore.open(dir);
        store.close();
        assertThrows(IllegalStateException.class, () -> store.block(1));
        Hash id = chain.transaction().id();
        assertThrows(IllegalStateException.class, () -> store.containsTransaction(id));
    }

    static void assertSameBlock(Block expected, Block actual) {
        assertEquals(expected.hash(), actual.hash());
        assertArrayEquals(expected.encode(), actual.encode());
    }
}
