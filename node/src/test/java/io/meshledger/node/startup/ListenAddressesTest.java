package io.meshledger.node.startup;

import io.meshledger.node.Node;
import io.meshledger.node.api.ApiServer;
import io.meshledger.node.config.ConfigException;
import io.meshledger.node.config.Endpoint;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.metrics.MetricsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A busy or unusable listen address stops a node with one line naming the key, before the data is touched. */
class ListenAddressesTest {
    @TempDir
    Path dir;

    private StartupFixture fixture;

    @BeforeEach
    void network() {
        fixture = StartupFixture.create(dir.resolve("net"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"peer_listen", "api_listen", "metrics_listen"})
    void aPortInUseStopsTheNodeBeforeItOpensTheDataDirectory(String key) throws IOException {
        try (ServerSocket busy = listening()) {
            Endpoint taken = new Endpoint("127.0.0.1", busy.getLocalPort());
            NodeConfig config = StartupFixture.withListen(fixture.node1(), key, taken);
            ConfigException e = assertThrows(ConfigException.class, () -> Node.start(config));
            assertEquals(key + ": " + taken + " is already in use by another process; fix: stop the process"
                    + " listening there ('ss -ltnp' names it) or choose another port for " + key, e.getMessage());
            assertFalse(Files.exists(config.dataDir()), "the data directory was not created");
        }
    }

    @Test
    void twoKeysOnOnePortAreNamedTogether() {
        NodeConfig c = fixture.node1();
        NodeConfig same = StartupFixture.withListen(c, "api_listen", c.peerListen());
        assertEquals("api_listen: " + c.peerListen() + " uses the same port as peer_listen (" + c.peerListen()
                        + "); fix: give api_listen a port of its own",
                assertThrows(ConfigException.class, () -> ListenAddresses.checkFree(same)).getMessage());
        Endpoint everywhere = new Endpoint("0.0.0.0", c.peerListen().port());
        NodeConfig overlapping = StartupFixture.withListen(c, "metrics_listen", everywhere);
        assertEquals("metrics_listen: " + everywhere + " uses the same port as peer_listen (" + c.peerListen()
                        + "); fix: give metrics_listen a port of its own",
                assertThrows(ConfigException.class, () -> ListenAddresses.checkFree(overlapping)).getMessage());
    }

    @Test
    void anAddressOfAnotherMachineIsNamed() {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine.
        Endpoint foreign = new Endpoint("192.0.2.1", StartupFixture.freePorts(1).getFirst());
        NodeConfig config = StartupFixture.withListen(fixture.node1(), "peer_listen", foreign);
        assertEquals("peer_listen: " + foreign + " is not an address of this machine; fix: set peer_listen to one of"
                        + " this machine's addresses, or 0.0.0.0 to listen on every interface",
                assertThrows(ConfigException.class, () -> ListenAddresses.checkFree(config)).getMessage());
    }

    @Test
    void freeAddressesPassAndAreReleasedAfterTheCheck() throws IOException {
        NodeConfig c = fixture.node1();
        ListenAddresses.checkFree(c);
        for (Endpoint e : List.of(c.peerListen(), c.apiListen(), c.metricsListen().orElseThrow())) {
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress(e.host(), e.port()));
            }
        }
    }

    @Test
    void aBindThatFailsInTheRealServersReadsLikeTheCheck() throws IOException {
        try (ServerSocket busy = listening()) {
            Endpoint taken = new Endpoint("127.0.0.1", busy.getLocalPort());
            ConfigException api = assertThrows(ConfigException.class, () -> ListenAddresses.bound("api_listen", taken,
                    () -> ApiServer.start(taken, List.of())));
            assertEquals("api_listen: " + taken + " is already in use by another process; fix: stop the process"
                    + " listening there ('ss -ltnp' names it) or choose another port for api_listen", api.getMessage());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ConfigException metrics = assertThrows(ConfigException.class, () -> ListenAddresses.bound(
                    "metrics_listen", taken, () -> MetricsServer.start(taken, registry)));
            assertEquals("metrics_listen: " + taken + " is already in use by another process; fix: stop the process"
                    + " listening there ('ss -ltnp' names it) or choose another port for metrics_listen",
                    metrics.getMessage());
            registry.close();
        }
    }

    @Test
    void aFailureThatIsNotABindPassesThroughUnchanged() {
        IllegalStateException other = new IllegalStateException("not about ports");
        assertEquals(other, assertThrows(IllegalStateException.class, () -> ListenAddresses.bound("api_listen",
                new Endpoint("127.0.0.1", 1), () -> {
                    throw other;
                })));
    }

    private static ServerSocket listening() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        return s;
    }
}
