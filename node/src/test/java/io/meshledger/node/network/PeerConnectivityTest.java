package io.meshledger.node.network;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerConnectivityTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(PeerConnectivity.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong now = new AtomicLong();
    private final PeerConnectivity peer = new PeerConnectivity("node3", now::get);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void aPeerLostAndRegainedIsToldOnceEachNotOncePerReconnectionAttempt() {
        peer.opened();
        assertTrue(peer.connected());
        now.set(1_000_000_000L);
        peer.ended("UNAVAILABLE: io exception", true);
        for (int attempt = 0; attempt < 20; attempt++) {
            peer.ended("UNAVAILABLE: Connection refused", false);
        }
        assertFalse(peer.connected());
        now.set(13_400_000_000L);
        peer.opened();

        assertEquals(List.of(
                "Peer node3 connected",
                "Peer node3 lost (UNAVAILABLE: io exception); reconnecting in the background",
                "Peer node3 back after 12.4 s"), info());
        assertEquals(1, peer.losses());
        assertTrue(peer.connected());
    }

    @Test
    void aPeerNotReachedWithinTenSecondsOfStartIsToldOnceThenConnected() {
        for (int attempt = 0; attempt < 5; attempt++) {
            now.addAndGet(2_000_000_000L);
            peer.ended("UNAVAILABLE: Connection refused", false);
        }
        peer.opened();
        assertEquals(List.of(
                "Peer node3 not reachable yet (UNAVAILABLE: Connection refused); retrying in the background",
                "Peer node3 connected"), info());
        assertEquals(0, peer.losses());
    }

    @Test
    void peersStartingWithinSecondsOfEachOtherAreSimplyConnected() {
        now.set(3_000_000_000L);
        peer.ended("UNAVAILABLE: Connection refused", false);
        peer.opened();
        assertEquals(List.of("Peer node3 connected"), info());
    }

    private List<String> info() {
        return lines.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
