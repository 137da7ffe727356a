package io.meshledger.node.network;

import io.meshledger.node.TestNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/** A real 2-org, 4-node network definition per test class, and fresh peers (servers and clients) per test. */
abstract class PeerTestBase {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static TestNetwork net;

    PeerFixture peers;

    @BeforeAll
    static void network() {
        net = TestNetwork.create(dir, 2, 4);
    }

    @BeforeEach
    void fixture() {
        peers = new PeerFixture(net);
    }

    @AfterEach
    void close() {
        peers.close();
    }
}
