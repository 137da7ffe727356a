package io.meshledger.node.cli;

import io.grpc.StatusRuntimeException;
import io.meshledger.client.LedgerClient;
import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Follows one node's committed blocks by polling for the next height, and
 * records when each submitted transaction was first seen committed. Latency
 * is measured from submission to that moment (so it includes up to one
 * polling interval).
 */
final class CommitTracker implements Runnable {
    private static final long POLL_MS = 5;

    private final LedgerClient client;
    private final Map<Hash, Long> submittedAtNanos;
    private final IntConsumer onCommitted;
    private final Map<Hash, Long> latencyNanos = new ConcurrentHashMap<>();
    private final AtomicLong committedInWindow = new AtomicLong();
    /** Latencies recorded since the last {@link #drainRecent}, for per-interval progress lines. */
    private final Queue<Long> recent = new ConcurrentLinkedQueue<>();
    private volatile long windowStartNanos = Long.MAX_VALUE;
    private volatile long windowEndNanos = Long.MAX_VALUE;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private long nextHeight;

    /** @param onCommitted told, per block, how many of the submitted transactions it committed (if any) */
    CommitTracker(LedgerClient client, Map<Hash, Long> submittedAtNanos, long fromHeight, IntConsumer onCommitted) {
        this.client = client;
        this.submittedAtNanos = submittedAtNanos;
        this.nextHeight = fromHeight;
        this.onCommitted = onCommitted;
    }

    void window(long startNanos, long endNanos) {
        this.windowStartNanos = startNanos;
        this.windowEndNanos = endNanos;
    }

    @Override
    public void run() {
        while (running) {
            try {
                Block b = Block.fromProto(client.block(nextHeight, false).getBlock());
                long now = System.nanoTime();
                int ours = 0;
                for (SignedTransaction tx : b.transactions()) {
                    Long sent = submittedAtNanos.get(tx.id());
                    if (sent != null && latencyNanos.putIfAbsent(tx.id(), now - sent) == null) {
                        ours++;
                        recent.add(now - sent);
                        if (now >= windowStartNanos && now <= windowEndNanos) {
                            committedInWindow.incrementAndGet();
                        }
                    }
                }
                if (ours > 0) {
                    onCommitted.accept(ours);
                }
                nextHeight++;
            } catch (StatusRuntimeException e) {
                sleep();
            } catch (RuntimeException e) {
                // A block it cannot read: retrying would spin on it, and the bench must say why commits stopped.
                failure = e;
                return;
            }
        }
    }

    /** Why the tracker stopped following blocks before {@link #stop}, if it did. */
    Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    void stop() {
        running = false;
    }

    Map<Hash, Long> latencies() {
        return latencyNanos;
    }

    /** Latencies of the transactions submitted at or after {@code nanos} (the measurement window). */
    List<Long> latenciesOfSubmittedAfter(long nanos) {
        List<Long> out = new ArrayList<>();
        latencyNanos.forEach((id, latency) -> {
            Long sent = submittedAtNanos.get(id);
            if (sent != null && sent >= nanos) {
                out.add(latency);
            }
        });
        return out;
    }

    /** The latencies (nanoseconds) seen since the last call, sorted: whether the tail is steady or comes in bursts. */
    long[] drainRecent() {
        List<Long> out = new ArrayList<>();
        for (Long l = recent.poll(); l != null; l = recent.poll()) {
            out.add(l);
        }
        return out.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    long committedInWindow() {
        return committedInWindow.get();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
