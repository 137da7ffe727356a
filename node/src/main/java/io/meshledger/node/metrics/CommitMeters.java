package io.meshledger.node.metrics;

import io.meshledger.core.block.Block;
import io.meshledger.node.commit.CommitObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Commit latency, as two Prometheus histograms fed by the commit pipeline:
 * <ul>
 * <li>{@code meshledger_commit_latency_seconds}: per transaction, from its
 *     admission to this node's mempool (submitted here by a client, or
 *     forwarded by a peer) to the durable store of its block on this node. What
 *     a client submitting here waits for, less the network.</li>
 * <li>{@code meshledger_block_commit_delay_seconds}: per block committed by
 *     this node's consensus (not fetched by block sync), from the timestamp its
 *     leader put in it to its durable store here. Includes the clock offset
 *     between the leader and this node.</li>
 * </ul>
 * Recorded on the ledger's writer thread into lock-free counters; until
 * {@link #bindTo} the records go nowhere.
 */
public final class CommitMeters implements MeterBinder, CommitObserver {
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final Clock clock;
    private final LongSupplier nanoTime;
    private volatile Timer transactions;
    private volatile Timer blocks;

    /**
     * @param clock    wall clock, compared with block timestamps
     * @param nanoTime the clock of the mempool's admission instants ({@link System#nanoTime})
     */
    public CommitMeters(Clock clock, LongSupplier nanoTime) {
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        transactions = Timer.builder("meshledger_commit_latency")
                .description("Seconds from a transaction's admission to this node's mempool to its block's commit here")
                .serviceLevelObjectives(BUCKETS).register(registry);
        blocks = Timer.builder("meshledger_block_commit_delay")
                .description("Seconds from a block's proposal timestamp to its commit on this node (consensus commits)")
                .serviceLevelObjectives(BUCKETS).register(registry);
    }

    @Override
    public void stored(Block block, boolean viaConsensus, long[] admittedNanos) {
        Timer txTimer = transactions;
        Timer blockTimer = blocks;
        if (txTimer == null || blockTimer == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        for (long admitted : admittedNanos) {
            txTimer.record(Math.max(0, now - admitted), TimeUnit.NANOSECONDS);
        }
        if (viaConsensus) {
            blockTimer.record(Math.max(0, clock.millis() - block.header().timestampMs()), TimeUnit.MILLISECONDS);
        }
    }
}
