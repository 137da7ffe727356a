package io.meshledger.node.network;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void delaysLieInTheUpperHalfOfACeilingThatDoublesUpToTheCap() {
        Random random = new Random(1);
        for (int failures = 0; failures < 80; failures++) {
            long ceiling = Math.min(5_000, failures >= 20 ? 5_000 : 100L << failures);
            for (int k = 0; k < 200; k++) {
                long d = backoff.delay(failures, random).toMillis();
                assertTrue(d >= ceiling - ceiling / 2 && d <= ceiling,
                        "failures=" + failures + " delay=" + d + " ceiling=" + ceiling);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        Random a = new Random(9);
        Random b = new Random(9);
        for (int failures = 0; failures < 30; failures++) {
            assertEquals(backoff.delay(failures, a), backoff.delay(failures, b));
        }
    }

    @Test
    void jitterSpreadsPeersThatFailedTogether() {
        Random random = new Random(2);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int k = 0; k < 500; k++) {
            long d = backoff.delay(10, random).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(max - min > 2_000, "spread " + min + ".." + max);
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
