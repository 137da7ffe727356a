package io.meshledger.node.sync;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatchUpLogTest {
    private static final long SECOND = 1_000_000_000L;

    private final CatchUpLog log = new CatchUpLog(20, 5 * SECOND);

    @Test
    void aLongCatchUpIsToldAtItsStartThenAtMostOncePerPeriodThenWhenLevel() {
        assertEquals(Optional.of("Catching up: height 1456 of 5600 (26%), from node3"),
                log.stored("node3", 1200, 1456, 5600, 0));
        assertEquals(Optional.empty(), log.stored("node3", 1456, 1712, 5600, 2 * SECOND));
        assertEquals(Optional.empty(), log.stored("node2", 1712, 1968, 5600, 4 * SECOND));
        assertEquals(Optional.of("Catching up: height 2224 of 5600 (39%), 205 blocks/s, from node2"),
                log.stored("node2", 1968, 2224, 5600, 5 * SECOND));
        assertEquals(Optional.of("Caught up at height 5600: 4400 blocks in 20.0 s, 220 blocks/s"),
                log.levelAt(5600, 20 * SECOND));
        // Level again without a catch-up in between: nothing more to say.
        assertEquals(Optional.empty(), log.levelAt(5600, 21 * SECOND));
    }

    @Test
    void aRoutineGapOfAFewBlocksStaysQuiet() {
        assertEquals(Optional.empty(), log.stored("node2", 100, 103, 104, 0));
        assertEquals(Optional.empty(), log.levelAt(104, SECOND));
    }

    @Test
    void withoutAKnownTargetTheStoredHeightIsTheTargetAndANewCatchUpStartsAfterLevel() {
        Optional<String> first = log.stored("node4", 0, 256, 0, 0);
        assertEquals(Optional.of("Catching up: height 256 of 256 (100%), from node4"), first);
        assertTrue(log.levelAt(256, 3 * SECOND).orElseThrow().startsWith("Caught up at height 256: 256 blocks"));
        assertEquals(Optional.of("Catching up: height 600 of 900 (66%), from node4"),
                log.stored("node4", 300, 600, 900, 100 * SECOND));
    }
}
