package io.meshledger.node.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the {@code Stream} service.
 *
 * @param maxSubscriptions concurrent subscriptions (blocks and events together); more are refused with
 *                         {@code TOO_MANY_SUBSCRIBERS}
 * @param slowConsumer     how long a subscriber may stay not-ready (its gRPC window full) before it is closed
 *                         with {@code SLOW_CONSUMER}
 * @param readerThreads    threads reading the store for all subscribers
 * @param itemsPerTurn     items one subscriber sends before yielding its reader thread to the others
 * @param blocksPerTurn    blocks one subscriber scans per turn when its filter skips everything
 */
public record StreamLimits(int maxSubscriptions, Duration slowConsumer, int readerThreads, int itemsPerTurn,
                           int blocksPerTurn) {
    public static final StreamLimits DEFAULT = new StreamLimits(256, Duration.ofSeconds(30), 2, 256, 64);

    public StreamLimits {
        Objects.requireNonNull(slowConsumer, "slowConsumer");
        if (maxSubscriptions < 1 || readerThreads < 1 || itemsPerTurn < 1 || blocksPerTurn < 1
                || slowConsumer.isNegative() || slowConsumer.isZero()) {
            throw new IllegalArgumentException("stream limits out of range: " + maxSubscriptions + " subscriptions, "
                    + slowConsumer + ", " + readerThreads + " threads, " + itemsPerTurn + " items, "
                    + blocksPerTurn + " blocks per turn");
        }
    }

    /** The defaults with another slow-consumer limit. */
    public StreamLimits withSlowConsumer(Duration limit) {
        return new StreamLimits(maxSubscriptions, limit, readerThreads, itemsPerTurn, blocksPerTurn);
    }

    public StreamLimits withMaxSubscriptions(int max) {
        return new StreamLimits(max, slowConsumer, readerThreads, itemsPerTurn, blocksPerTurn);
    }
}
