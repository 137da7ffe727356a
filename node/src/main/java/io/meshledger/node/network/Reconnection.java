package io.meshledger.node.network;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every outbound stream shares: the one thread all their callbacks and
 * timers run on, the back-off policy and the jitter source.
 *
 * @param scheduler   single-threaded: stream state is touched only on it
 * @param backoff     delays between attempts
 * @param stableAfter a stream up at least this long resets the back-off
 * @param random      jitter (injected so tests and simulations replay)
 */
record Reconnection(ScheduledExecutorService scheduler, Backoff backoff, Duration stableAfter, Random random) {
}
