package io.meshledger.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TipCacheTest {
    @Test
    void aKnownTipIsReusedWithinItsMaximumAgeAndNeverMovesBackwards() {
        AtomicLong nodeHeight = new AtomicLong(10);
        AtomicInteger asked = new AtomicInteger();
        TipCache tip = new TipCache(() -> {
            asked.incrementAndGet();
            return nodeHeight.get();
        }, Duration.ofHours(1));
        assertEquals(10, tip.current());
        nodeHeight.set(12);
        assertEquals(10, tip.current(), "reused");
        assertEquals(1, asked.get());
        tip.observe(15);
        assertEquals(15, tip.current());
        tip.observe(11);
        assertEquals(15, tip.current(), "a lagging node's height does not lower the tip");
    }

    @Test
    void anExpiredTipIsAskedForAgain() {
        AtomicLong nodeHeight = new AtomicLong(3);
        TipCache tip = new TipCache(nodeHeight::get, Duration.ZERO);
        assertEquals(3, tip.current());
        nodeHeight.set(4);
        assertEquals(4, tip.current());
    }
}
