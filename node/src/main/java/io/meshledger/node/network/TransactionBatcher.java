package io.meshledger.node.network;

import com.google.protobuf.ByteString;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.peer.v1.TransactionBatch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Coalesces forwarded transactions into batches: a batch leaves when it holds
 * {@code maxBatch} transactions, or when its oldest transaction has waited
 * {@code linger}, whichever comes first. Never one call per transaction. Each
 * batch is encoded once and handed to the sink (which queues it for every
 * peer). {@link #add} never blocks; beyond {@code capacity} waiting
 * transactions, new ones are dropped and counted. Batches are built on the
 * scheduler thread.
 */
final class TransactionBatcher {
    private final int maxBatch;
    private final Duration linger;
    private final int capacity;
    private final ScheduledExecutorService scheduler;
    private final Supplier<List<ByteString>> coVerifiers;
    private final Consumer<byte[]> sink;
    private final Object lock = new Object();
    private final ArrayDeque<SignedTransaction> pending = new ArrayDeque<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private boolean fullFlushScheduled;
    private ScheduledFuture<?> lingerTimer;
    private boolean closed;

    /** @param coVerifiers the validators each batch asks to verify and vouch, asked once per flush */
    TransactionBatcher(int maxBatch, Duration linger, int capacity, ScheduledExecutorService scheduler,
                       Supplier<List<ByteString>> coVerifiers, Consumer<byte[]> sink) {
        this.coVerifiers = coVerifiers;
        this.maxBatch = maxBatch;
        this.linger = linger;
        this.capacity = capacity;
        this.scheduler = scheduler;
        this.sink = sink;
    }

    void add(List<SignedTransaction> transactions) {
        synchronized (lock) {
            if (closed) {
                dropped.add(transactions.size());
                return;
            }
            for (SignedTransaction tx : transactions) {
                if (pending.size() >= capacity) {
                    dropped.increment();
                } else {
                    pending.add(tx);
                }
            }
            try {
                if (pending.size() >= maxBatch) {
                    if (!fullFlushScheduled) {
                        fullFlushScheduled = true;
                        scheduler.execute(() -> flush(false));
                    }
                } else if (!pending.isEmpty() && lingerTimer == null) {
                    lingerTimer = scheduler.schedule(() -> flush(true), linger.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (RejectedExecutionException e) {
                closed = true;
            }
        }
    }

    /** Transactions dropped because too many were waiting (or after close). */
    long dropped() {
        return dropped.sum();
    }

    /** Batches handed to the sink. */
    long batches() {
        return batches.sum();
    }

    /** Discards waiting transactions; later ones are dropped. */
    void close() {
        synchronized (lock) {
            closed = true;
            pending.clear();
            if (lingerTimer != null) {
                lingerTimer.cancel(false);
                lingerTimer = null;
            }
        }
    }

    /** Sends every full batch, and with {@code lingerExpired} the partial remainder too. */
    private void flush(boolean lingerExpired) {
        List<List<SignedTransaction>> out = new ArrayList<>();
        synchronized (lock) {
            if (lingerExpired) {
                lingerTimer = null;
            } else {
                fullFlushScheduled = false;
            }
            if (closed) {
                return;
            }
            while (pending.size() >= maxBatch || (lingerExpired && !pending.isEmpty())) {
                List<SignedTransaction> batch = new ArrayList<>(Math.min(maxBatch, pending.size()));
                while (batch.size() < maxBatch && !pending.isEmpty()) {
                    batch.add(pending.poll());
                }
                out.add(batch);
            }
            if (!pending.isEmpty() && lingerTimer == null) {
                try {
                    lingerTimer = scheduler.schedule(() -> flush(true), linger.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    closed = true;
                }
            }
        }
        List<ByteString> named = out.isEmpty() ? List.of() : coVerifiers.get();
        for (List<SignedTransaction> batch : out) {
            TransactionBatch.Builder b = TransactionBatch.newBuilder().addAllCoVerifiers(named);
            batch.forEach(tx -> b.addTransactions(tx.toProto()));
            sink.accept(b.build().toByteArray());
            batches.increment();
        }
    }
}
