package io.meshledger.node.network;

import io.meshledger.core.identity.IdentityId;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts malformed messages per authenticated peer. When a peer reaches the
 * threshold it is cut off: the stream that crossed it is closed, and for the
 * cut-off period it may open no new stream; afterwards it starts again from
 * zero strikes. Only validators reach this (the interceptor refuses everyone
 * else first), so the map is bounded by the validator set. Thread-safe.
 */
final class MisbehaviourTracker {
    private final int threshold;
    private final long cutOffNanos;
    private final LongSupplier nanoTime;
    private final Map<IdentityId, Record> peers = new ConcurrentHashMap<>();

    private static final class Record {
        long total;
        int strikes;
        long cutOffUntil;
        boolean cutOff;
        long cutOffs;
    }

    /**
     * @param threshold malformed messages that get a peer cut off (>= 1)
     * @param cutOffFor how long a cut-off peer is refused
     * @param nanoTime  monotonic clock
     */
    MisbehaviourTracker(int threshold, Duration cutOffFor, LongSupplier nanoTime) {
        if (threshold < 1) {
            throw new IllegalArgumentException("malformed-message threshold must be >= 1, got " + threshold);
        }
        this.threshold = threshold;
        this.cutOffNanos = cutOffFor.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Counts one malformed message; true when this one crossed the threshold and the peer must be cut off now. */
    boolean recordMalformed(IdentityId peer) {
        Record r = peers.computeIfAbsent(peer, p -> new Record());
        synchronized (r) {
            r.total++;
            r.strikes++;
            if (r.strikes >= threshold) {
                r.strikes = 0;
                r.cutOff = true;
                r.cutOffs++;
                r.cutOffUntil = nanoTime.getAsLong() + cutOffNanos;
                return true;
            }
            return false;
        }
    }

    /** True while the peer serves a cut-off. */
    boolean isCutOff(IdentityId peer) {
        Record r = peers.get(peer);
        if (r == null) {
            return false;
        }
        synchronized (r) {
            if (r.cutOff && nanoTime.getAsLong() - r.cutOffUntil >= 0) {
                r.cutOff = false;
            }
            return r.cutOff;
        }
    }

    /** Malformed messages received from the peer, ever. */
    long malformed(IdentityId peer) {
        Record r = peers.get(peer);
        if (r == null) {
            return 0;
        }
        synchronized (r) {
            return r.total;
        }
    }

    /** Times the peer was cut off. */
    long cutOffs(IdentityId peer) {
        Record r = peers.get(peer);
        if (r == null) {
            return 0;
        }
        synchronized (r) {
            return r.cutOffs;
        }
    }
}
