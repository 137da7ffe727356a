package io.meshledger.node.network;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Exponential back-off between reconnection attempts: the ceiling doubles per
 * consecutive failure from {@code initial} up to {@code max}, and the delay is
 * drawn uniformly from the upper half of the ceiling ("equal jitter"), so peers
 * that lost the same node do not all knock at once, yet none waits less than
 * half the ceiling.
 *
 * @param initial ceiling after the first failure
 * @param max     largest ceiling
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.toMillis() < 1 || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 1 ms <= initial <= max, got " + initial + " and " + max);
        }
    }

    /** The delay before the attempt that follows {@code failures} consecutive failures (0 = first retry). */
    public Duration delay(int failures, Random random) {
        long initialMs = initial.toMillis();
        long maxMs = max.toMillis();
        int doublings = Math.min(Math.max(failures, 0), 62 - (63 - Long.numberOfLeadingZeros(initialMs)));
        long ceiling = Math.min(maxMs, initialMs << doublings);
        long half = ceiling / 2;
        return Duration.ofMillis(ceiling - half + random.nextLong(half + 1));
    }
}
