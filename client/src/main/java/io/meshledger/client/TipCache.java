package io.meshledger.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The highest committed height this client has seen, reused for
 * {@code maxAge} before a node is asked again. Expiry heights of transactions
 * and signed queries are counted from it. Thread-safe.
 */
final class TipCache {
    private record Seen(long height, long atNanos) {
    }

    private final LongSupplier fetch;
    private final long maxAgeNanos;
    private final AtomicReference<Seen> seen = new AtomicReference<>();

    /** @param fetch asks a node for its committed height */
    TipCache(LongSupplier fetch, Duration maxAge) {
        this.fetch = fetch;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The known tip, asking a node when none is known or the known one is older than the maximum age. */
    long current() {
        Seen s = seen.get();
        if (s != null && System.nanoTime() - s.atNanos() <= maxAgeNanos) {
            return s.height();
        }
        return fresh();
    }

    /** Asks a node for the tip now. */
    long fresh() {
        long height = fetch.getAsLong();
        observe(height);
        return height;
    }

    /** Records a height seen in an answer; the cache never moves backwards. */
    void observe(long height) {
        long now = System.nanoTime();
        seen.accumulateAndGet(new Seen(height, now),
                (old, next) -> old == null || next.height() >= old.height() ? next : new Seen(old.height(), now));
    }
}
