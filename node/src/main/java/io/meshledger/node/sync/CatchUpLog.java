package io.meshledger.node.sync;

import java.util.Locale;
import java.util.Optional;

/**
 * What an operator reads while a node catches up: one line when a catch-up
 * starts and then at most one per period, with the height reached, the
 * height the network has shown, the rate and the peer; and one line when it is
 * done. A catch-up is a run of synced batches ended by a fetch that brings
 * nothing new. Routine gaps (fewer than {@code minBlocks} behind, as when a
 * node misses a commit or two) stay quiet. Returns the lines instead of
 * logging them, so the wording is tested; used by one thread at a time (the
 * ledger writer).
 */
final class CatchUpLog {
    private final long minBlocks;
    private final long everyNanos;
    private boolean active;
    private boolean told;
    private long startNanos;
    private long startHeight;
    private long lastToldNanos;

    /**
     * @param minBlocks  a catch-up shorter than this (from where it started to the target) is not reported
     * @param everyNanos progress lines come at most this often
     */
    CatchUpLog(long minBlocks, long everyNanos) {
        this.minBlocks = minBlocks;
        this.everyNanos = everyNanos;
    }

    /**
     * A batch of blocks from {@code peer} was stored: the tip went from
     * {@code fromTip} to {@code newTip}; {@code target} is the highest height
     * the network has shown (0 if unknown).
     */
    Optional<String> stored(String peer, long fromTip, long newTip, long target, long nowNanos) {
        if (!active) {
            active = true;
            told = false;
            startNanos = nowNanos;
            startHeight = fromTip;
        }
        long of = Math.max(target, newTip);
        if (!told && of - startHeight < minBlocks) {
            return Optional.empty();
        }
        if (told && nowNanos - lastToldNanos < everyNanos) {
            return Optional.empty();
        }
        told = true;
        lastToldNanos = nowNanos;
        long percent = of == 0 ? 100 : newTip * 100 / of;
        return Optional.of("Catching up: height " + newTip + " of " + of + " (" + percent + "%)"
                + rate(newTip - startHeight, nowNanos - startNanos) + ", from " + peer);
    }

    /** A fetch brought nothing new: the node is level with its peers (consensus takes over). */
    Optional<String> levelAt(long tip, long nowNanos) {
        if (!active) {
            return Optional.empty();
        }
        active = false;
        if (!told) {
            return Optional.empty();
        }
        long elapsed = nowNanos - startNanos;
        return Optional.of("Caught up at height " + tip + ": " + (tip - startHeight) + " blocks in "
                + String.format(Locale.ROOT, "%.1f s", elapsed / 1e9) + rate(tip - startHeight, elapsed));
    }

    /** ", 340 blocks/s" once a second has passed (a rate over less says little). */
    private static String rate(long blocks, long nanos) {
        if (nanos < 1_000_000_000L) {
            return "";
        }
        return ", " + Math.round(blocks / (nanos / 1e9)) + " blocks/s";
    }
}
