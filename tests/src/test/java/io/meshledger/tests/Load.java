package io.meshledger.tests;

import io.meshledger.client.LedgerClient;
import io.meshledger.client.TransactionFactory;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.SubmitBatchResponse;
import io.meshledger.proto.v1.SubmitOutcome;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signed transactions for a {@link LocalCluster}: calls of {@code bench.put}
 * with about 200 bytes of arguments, signed by the {@code publisher} users of
 * {@code org1} and {@code org2} in turn, submitted in batches to different nodes.
 */
final class Load {
    static final String CONTRACT = "bench";
    static final String METHOD = "put";
    static final int ARGS_BYTES = 200;
    /** Expiry is set this many blocks past the height last seen. */
    static final long EXPIRY_BLOCKS = 1_000;

    private final LocalCluster cluster;
    private final List<TransactionFactory> factories;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong created = new AtomicLong();

    Load(LocalCluster cluster) {
        this.cluster = cluster;
        this.factories = List.of(
                new TransactionFactory(cluster.chainId(), cluster.user("org1", "publisher"), new SecureRandom()),
                new TransactionFactory(cluster.chainId(), cluster.user("org2", "publisher"), new SecureRandom()));
    }

    /** {@code count} fresh signed transactions valid up to {@code lastSeenHeight + 1000}. */
    List<SignedTransaction> transactions(int count, long lastSeenHeight) {
        List<SignedTransaction> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] args = new byte[ARGS_BYTES];
            random.nextBytes(args);
            long n = created.getAndIncrement();
            txs.add(factories.get((int) (n % factories.size())).create(CONTRACT, METHOD, args,
                    lastSeenHeight + EXPIRY_BLOCKS));
        }
        return txs;
    }

    /**
     * Submits {@code txs} in batches of {@code batchSize}, batch k to node
     * {@code nodes[k mod |nodes|]}, and asserts that every node accepted its batch.
     */
    void submitRoundRobin(List<SignedTransaction> txs, int batchSize, List<Integer> nodes) {
        for (int from = 0, k = 0; from < txs.size(); from += batchSize, k++) {
            int node = nodes.get(k % nodes.size());
            List<SignedTransaction> batch = txs.subList(from, Math.min(txs.size(), from + batchSize));
            SubmitBatchResponse response = cluster.client(node).submitBatch(batch);
            if (response.getOutcomesCount() != batch.size()) {
                throw new AssertionError(cluster.name(node) + " answered " + response.getOutcomesCount()
                        + " outcomes for a batch of " + batch.size());
            }
            for (SubmitOutcome o : response.getOutcomesList()) {
                if (!o.getAccepted()) {
                    throw new AssertionError(cluster.name(node) + " refused a transaction: " + o.getReason() + " "
                            + o.getMessage());
                }
            }
        }
    }

    /** Starts a background submitter: about {@code txPerSecond}, in 10 batches a second, round-robin over all nodes. */
    Background background(int txPerSecond) {
        return background(txPerSecond, cluster.allNodes());
    }

    /** As {@link #background(int)}, round-robin over {@code targets} only. */
    Background background(int txPerSecond, List<Integer> targets) {
        Background b = new Background(txPerSecond, List.copyOf(targets));
        b.thread.start();
        return b;
    }

    /**
     * Background load at a bounded rate. Nodes that are down simply fail their
     * batch (counted); the thread stops on {@link #close}, within a few seconds.
     */
    final class Background implements AutoCloseable {
        private final int perBatch;
        private final List<Integer> targets;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong failedBatches = new AtomicLong();
        private final Set<Hash> acceptedIds = ConcurrentHashMap.newKeySet();
        private final Thread thread;
        private volatile long lastHeight;

        private Background(int txPerSecond, List<Integer> targets) {
            this.targets = targets;
            this.perBatch = Math.max(1, txPerSecond / 10);
            this.thread = new Thread(this::run, "background-load");
            this.thread.setDaemon(true);
        }

        private void run() {
            int k = 0;
            long nextHeightCheck = 0;
            long next = System.nanoTime();
            while (running.get()) {
                int node = targets.get(k++ % targets.size());
                if (System.nanoTime() - nextHeightCheck > 0) {
                    long h = cluster.height(node);
                    if (h > lastHeight) {
                        lastHeight = h;
                    }
                    nextHeightCheck = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
                if (cluster.isRunning(node)) {
                    try {
                        LedgerClient client = cluster.client(node);
                        SubmitBatchResponse r = client.submitBatch(transactions(perBatch, lastHeight));
                        for (SubmitOutcome o : r.getOutcomesList()) {
                            if (o.getAccepted()) {
                                accepted.incrementAndGet();
                                acceptedIds.add(Hash.of(o.getTxId().toByteArray()));
                            } else {
                                refused.incrementAndGet();
                            }
                        }
                    } catch (RuntimeException e) {
                        failedBatches.incrementAndGet();
                    }
                }
                next += Duration.ofMillis(100).toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                } else {
                    next = System.nanoTime();
                }
            }
        }

        long accepted() {
            return accepted.get();
        }

        Set<Hash> acceptedIds() {
            return Set.copyOf(acceptedIds);
        }

        @Override
        public String toString() {
            return "load[accepted=" + accepted + ", refused=" + refused + ", failedBatches=" + failedBatches + "]";
        }

        @Override
        public void close() {
            running.set(false);
            thread.interrupt();
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
