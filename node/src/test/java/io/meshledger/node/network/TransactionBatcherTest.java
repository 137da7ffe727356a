package io.meshledger.node.network;

import com.google.protobuf.ByteString;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.peer.v1.TransactionBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TransactionBatcherTest {
    private static final ByteString CO_VERIFIER = ByteString.copyFrom(new byte[32]);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Queue<List<SignedTransaction>> sent = new ConcurrentLinkedQueue<>();
    private final RandomConsensus gen = new RandomConsensus(51);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private TransactionBatcher batcher(int maxBatch, Duration linger, int capacity) {
        return new TransactionBatcher(maxBatch, linger, capacity, scheduler, () -> List.of(CO_VERIFIER), bytes -> {
            try {
                List<SignedTransaction> txs = new ArrayList<>();
                TransactionBatch batch = TransactionBatch.parseFrom(bytes);
                if (!batch.getCoVerifiersList().equals(List.of(CO_VERIFIER))) {
                    throw new IllegalStateException("batch names " + batch.getCoVerifiersList());
                }
                for (var tx : batch.getTransactionsList()) {
                    txs.add(SignedTransaction.fromProto(tx));
                }
                sent.add(txs);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<SignedTransaction> transactions(int n) {
        List<SignedTransaction> txs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            txs.add(gen.transaction());
        }
        return txs;
    }

    @Test
    void fullBatchesLeaveAtOnceAndTheRemainderAfterTheLinger() {
        TransactionBatcher b = batcher(10, Duration.ofMillis(300), 1_000);
        List<SignedTransaction> txs = transactions(25);
        b.add(txs);
        Await.until("two full batches", Duration.ofSeconds(2), () -> sent.size() == 2);
        assertEquals(List.of(10, 10), sent.stream().map(List::size).toList(), "full batches do not wait");
        Await.until("the remainder after the linger", Duration.ofSeconds(2), () -> sent.size() == 3);
        List<SignedTransaction> all = new ArrayList<>();
        sent.forEach(all::addAll);
        assertEquals(txs, all);
        assertEquals(3, b.batches());
    }

    @Test
    void manySmallCallsCoalesceIntoFewBatches() {
        TransactionBatcher b = batcher(500, Duration.ofMillis(50), 10_000);
        for (int i = 0; i < 100; i++) {
            b.add(transactions(1));
        }
        Await.until("everything sent", Duration.ofSeconds(2), () -> sent.stream().mapToInt(List::size).sum() == 100);
        assertTrue(sent.size() <= 3, sent.size() + " batches for 100 single-transaction calls");
    }

    @Test
    void beyondCapacityTransactionsAreDroppedAndCounted() {
        TransactionBatcher b = batcher(1_000, Duration.ofSeconds(5), 30);
        b.add(transactions(50));
        assertEquals(20, b.dropped());
        b.close();
        b.add(transactions(5));
        assertEquals(25, b.dropped());
    }
}
