package io.meshledger.node.network;

import io.meshledger.core.identity.IdentityId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MisbehaviourTrackerTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final MisbehaviourTracker tracker = new MisbehaviourTracker(3, Duration.ofNanos(500), now::get);
    private final RandomConsensus gen = new RandomConsensus(41);
    private final IdentityId rogue = new IdentityId(gen.hash());
    private final IdentityId honest = new IdentityId(gen.hash());

    @Test
    void aPeerIsCutOffExactlyWhenItReachesTheThreshold() {
        assertFalse(tracker.recordMalformed(rogue));
        assertFalse(tracker.recordMalformed(rogue));
        assertFalse(tracker.isCutOff(rogue));
        assertTrue(tracker.recordMalformed(rogue));
        assertTrue(tracker.isCutOff(rogue));
        assertEquals(3, tracker.malformed(rogue));
        assertEquals(1, tracker.cutOffs(rogue));
        assertFalse(tracker.isCutOff(honest));
        assertEquals(0, tracker.malformed(honest));
    }

    @Test
    void theCutOffEndsAfterItsPeriodAndStrikesStartAgainFromZero() {
        for (int i = 0; i < 3; i++) {
            tracker.recordMalformed(rogue);
        }
        now.addAndGet(499);
        assertTrue(tracker.isCutOff(rogue));
        now.addAndGet(1);
        assertFalse(tracker.isCutOff(rogue));
        assertFalse(tracker.recordMalformed(rogue));
        assertFalse(tracker.recordMalformed(rogue));
        assertTrue(tracker.recordMalformed(rogue));
        assertEquals(6, tracker.malformed(rogue));
        assertEquals(2, tracker.cutOffs(rogue));
    }
}
