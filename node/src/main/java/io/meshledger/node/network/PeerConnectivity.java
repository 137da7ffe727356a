package io.meshledger.node.network;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Whether one peer's consensus stream is up, told the way an operator wants
 * to read it: connected (the first time), not reachable yet (once, if it is
 * still not after {@link #PATIENCE_NANOS}: validators of a network usually start
 * within seconds of each other), lost (once, with the reason) and back (once,
 * with how long it was away) — not a line per reconnection attempt, which go to
 * DEBUG.
 * Counts the losses. Events arrive on the {@link Reconnection} thread only;
 * the getters are for any thread.
 */
final class PeerConnectivity implements StreamListener {
    private static final Logger log = LoggerFactory.getLogger(PeerConnectivity.class);
    static final long PATIENCE_NANOS = 10_000_000_000L;

    private final String peer;
    private final LongSupplier nanoTime;
    private final long createdNanos;
    private final LongAdder losses = new LongAdder();
    private volatile boolean connected;
    /** Reconnection thread only. */
    private boolean everConnected;
    private boolean toldUnreachable;
    private long lostAtNanos;

    PeerConnectivity(String peer, LongSupplier nanoTime) {
        this.peer = peer;
        this.nanoTime = nanoTime;
        this.createdNanos = nanoTime.getAsLong();
    }

    @Override
    public void opened() {
        if (connected) {
            return;
        }
        connected = true;
        if (!everConnected) {
            everConnected = true;
            log.info("Peer {} connected", peer);
        } else {
            log.info("Peer {} back after {}", peer, seconds(nanoTime.getAsLong() - lostAtNanos));
        }
    }

    @Override
    public void ended(String reason, boolean wasOpen) {
        if (connected) {
            connected = false;
            lostAtNanos = nanoTime.getAsLong();
            losses.increment();
            log.info("Peer {} lost ({}); reconnecting in the background", peer, reason);
        } else if (!everConnected && !toldUnreachable && nanoTime.getAsLong() - createdNanos >= PATIENCE_NANOS) {
            toldUnreachable = true;
            log.info("Peer {} not reachable yet ({}); retrying in the background", peer, reason);
        } else {
            log.debug("Peer {}: {} ({})", peer, wasOpen ? "stream ended" : "cannot open a stream", reason);
        }
    }

    boolean connected() {
        return connected;
    }

    /** Times an open stream to this peer was lost. */
    long losses() {
        return losses.sum();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
