package io.meshledger.node.network;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the outbound peer clients.
 *
 * @param queueCapacity        consensus messages queued per peer; when full the oldest is dropped and counted
 * @param batchQueueCapacity   transaction batches queued per peer; same policy
 * @param queueBytes           bytes each of a peer's two queues may hold; beyond it the oldest are dropped
 * @param maxBatchTransactions most transactions in one forwarded batch
 * @param batchLinger          longest a forwarded transaction waits for its batch to fill
 * @param pendingTransactions  most transactions waiting to be batched; beyond it they are dropped and counted
 * @param backoff              reconnection back-off
 * @param stableAfter          a stream that stayed up this long resets the back-off
 * @param fetchDeadline        deadline of a block fetch
 * @param maxMessageBytes      largest inbound message (fetch responses)
 * @param shutdownGrace        how long close waits for streams to end before cancelling them
 */
public record PeerClientOptions(int queueCapacity, int batchQueueCapacity, long queueBytes, int maxBatchTransactions,
                                Duration batchLinger, int pendingTransactions, Backoff backoff, Duration stableAfter,
                                Duration fetchDeadline, int maxMessageBytes, Duration shutdownGrace) {
    public PeerClientOptions {
        Objects.requireNonNull(batchLinger, "batchLinger");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(stableAfter, "stableAfter");
        Objects.requireNonNull(fetchDeadline, "fetchDeadline");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (queueCapacity < 1 || batchQueueCapacity < 1 || queueBytes < maxMessageBytes || maxBatchTransactions < 1 || pendingTransactions < 1
                || maxMessageBytes < 1024) {
            throw new IllegalArgumentException("peer client limits must be positive (message size >= 1024, queue "
                    + "bytes >= message size): queue=" + queueCapacity + " batchQueue=" + batchQueueCapacity
                    + " queueBytes=" + queueBytes + " maxBatch=" + maxBatchTransactions
                    + " pending=" + pendingTransactions + " maxMessageBytes=" + maxMessageBytes);
        }
    }

    public static PeerClientOptions defaults() {
        return new PeerClientOptions(1024, 64, 64L * 1024 * 1024, 500, Duration.ofMillis(5), 50_000,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)), Duration.ofSeconds(2),
                Duration.ofSeconds(5), 64 * 1024 * 1024, Duration.ofSeconds(1));
    }

    public PeerClientOptions withQueueCapacity(int capacity) {
        return new PeerClientOptions(capacity, batchQueueCapacity, queueBytes, maxBatchTransactions, batchLinger,
                pendingTransactions, backoff, stableAfter, fetchDeadline, maxMessageBytes, shutdownGrace);
    }

    public PeerClientOptions withQueueBytes(long bytes, int maxMessage) {
        return new PeerClientOptions(queueCapacity, batchQueueCapacity, bytes, maxBatchTransactions, batchLinger,
                pendingTransactions, backoff, stableAfter, fetchDeadline, maxMessage, shutdownGrace);
    }

    public PeerClientOptions withBatching(int maxTransactions, Duration linger) {
        return new PeerClientOptions(queueCapacity, batchQueueCapacity, queueBytes, maxTransactions, linger,
                pendingTransactions, backoff, stableAfter, fetchDeadline, maxMessageBytes, shutdownGrace);
    }

    public PeerClientOptions withBackoff(Backoff newBackoff) {
        return new PeerClientOptions(queueCapacity, batchQueueCapacity, queueBytes, maxBatchTransactions, batchLinger,
                pendingTransactions, newBackoff, stableAfter, fetchDeadline, maxMessageBytes, shutdownGrace);
    }

    public PeerClientOptions withShutdownGrace(Duration grace) {
        return new PeerClientOptions(queueCapacity, batchQueueCapacity, queueBytes, maxBatchTransactions, batchLinger,
                pendingTransactions, backoff, stableAfter, fetchDeadline, maxMessageBytes, grace);
    }

    public PeerClientOptions withFetchDeadline(Duration deadline) {
        return new PeerClientOptions(queueCapacity, batchQueueCapacity, queueBytes, maxBatchTransactions, batchLinger,
                pendingTransactions, backoff, stableAfter, deadline, maxMessageBytes, shutdownGrace);
    }
}
