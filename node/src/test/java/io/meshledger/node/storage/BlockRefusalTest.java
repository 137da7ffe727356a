package io.meshledger.node.storage;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.storage.BlockRejectedException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every refusal reason of {@code append}: the exception names it and the store is
 * left byte for byte as it was (raw contents of every column family compared),
 * and still accepts the valid block afterwards.
 */
class BlockRefusalTest {
    @TempDir
    Path dir;

    private final TestChain chain = TestChain.random();
    private Map<String, Map<String, String>> before;

    @BeforeEach
    void storeWithThreeBlocks() {
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            for (int i = 0; i < 3; i++) {
                store.append(chain.next(3), null);
            }
        }
        before = RawRocks.dump(dir);
    }

    @Test
    void aBlockThatSkipsAHeightIsRefused() {
        Block valid = chain.build(chain.transactions(2));
        var e = refused(HeaderEdits.withHeight(valid, 5), null, Reason.WRONG_HEIGHT);
        assertTrue(e.getMessage().contains("expected height 4"), e.getMessage());
    }

    @Test
    void aBlockAtTheTipHeightAgainIsRefused() {
        refused(chain.block(3), null, Reason.WRONG_HEIGHT);
    }

    @Test
    void aBlockNotNamingTheTipAsParentIsRefused() {
        Block valid = chain.build(chain.transactions(2));
        String tipHash = chain.tipHash().toHex();
        var e = refused(HeaderEdits.withParent(valid, chain.block(2).hash()), null, Reason.WRONG_PARENT);
        assertTrue(e.getMessage().contains(tipHash), e.getMessage());
    }

    @Test
    void aBlockWhoseTransactionsRootDoesNotMatchItsTransactionsIsRefused() {
        Block valid = chain.build(chain.transactions(2));
        refused(HeaderEdits.withTransactionsRoot(valid, chain.randomHash()), null, Reason.WRONG_TRANSACTIONS_ROOT);
    }

    @Test
    void aBlockWithAWrongRunningTransactionCountIsRefused() {
        Block valid = chain.build(chain.transactions(2));
        var e = refused(HeaderEdits.withTxCountTotal(valid, chain.txCount() + 3), null, Reason.WRONG_TX_COUNT);
        assertTrue(e.getMessage().contains("txCountTotal 12 != 9 committed + 2"), e.getMessage());
    }

    @Test
    void aBlockWithAWrongAccumulatorRootIsRefused() {
        Block valid = chain.build(chain.transactions(2));
        refused(HeaderEdits.withAccumulatorRoot(valid, chain.block(3).header().txAccumulatorRoot()), null,
                Reason.WRONG_ACCUMULATOR_ROOT);
    }

    @Test
    void aBlockRepeatingACommittedTransactionIsRefused() {
        SignedTransaction committed = chain.block(2).transactions().get(1);
        Block replay = chain.build(List.of(chain.transaction(), committed));
        var e = refused(replay, null, Reason.DUPLICATE_TRANSACTION);
        assertTrue(e.getMessage().contains(committed.id().toHex()), e.getMessage());
    }

    @Test
    void aBlockHoldingTheSameTransactionTwiceIsRefused() {
        SignedTransaction tx = chain.transaction();
        refused(chain.build(List.of(tx, chain.transaction(), tx)), null, Reason.DUPLICATE_TRANSACTION);
    }

    @Test
    void aBlockWithTheCertificateOfAnotherBlockIsRefused() {
        Block valid = chain.build(chain.transactions(2));
        LedgerCertificate other = TestChain.certificateFor(chain.block(3));
        refused(valid, other, Reason.CERTIFICATE_MISMATCH);
    }

    private BlockRejectedException refused(Block block, LedgerCertificate certificate, Reason reason) {
        Tip tip = chain.tip();
        BlockRejectedException e;
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            e = assertThrows(BlockRejectedException.class, () -> store.append(block, certificate));
            assertEquals(reason, e.reason(), e.getMessage());
            assertEquals(block.height(), e.height());
            assertEquals(tip, store.tip());
            assertEquals(Optional.empty(), store.block(4));
            if (chain.blocks().stream().noneMatch(b -> b.hash().equals(block.hash()))) {
                assertEquals(Optional.empty(), store.blockByHash(block.hash()));
            }
            for (SignedTransaction tx : block.transactions()) {
                boolean committedBefore = chain.blocks().stream().anyMatch(b -> b.transactions().contains(tx));
                assertEquals(committedBefore, store.containsTransaction(tx.id()));
            }
        }
        assertEquals(before, RawRocks.dump(dir), "refusing a block changed the stored bytes");

        Block next = chain.next(2);
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            store.append(next, TestChain.certificateFor(next));
            assertEquals(chain.tip(), store.tip());
        }
        assertFalse(before.equals(RawRocks.dump(dir)));
        return e;
    }
}
