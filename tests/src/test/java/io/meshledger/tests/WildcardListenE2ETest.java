package io.meshledger.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshledger.client.LedgerClient;
import io.meshledger.client.Meshledger;
import io.meshledger.client.MeshledgerClient;
import io.meshledger.client.NetworkDefinition;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.cli.Main;
import io.meshledger.node.config.ListenAddress;
import io.meshledger.node.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes as they run on separate hosts: every listener on {@code 0.0.0.0}, peers
 * dialling each other at the hosts in genesis (here all {@code 127.0.0.1}, so
 * traffic stays on loopback). Four node processes commit, and the CLI's
 * {@code status}, {@code dataset create} and {@code publish} and the SDK reach
 * them through the network directory, whose node.yaml files name no address a
 * client could dial.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WildcardListenE2ETest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    record Run(int code, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aNetworkListeningOnEveryInterfaceCommitsAndTheCliAndSdkReachItAtTheGenesisHosts() throws Exception {
        cluster.init(dir, ListenAddress.ANY);
        List<LedgerClient.Endpoint> expected = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            NodeConfig c = cluster.config(i);
            Validator v = cluster.genesis().validators().validators().get(i);
            assertEquals("0.0.0.0", c.peerListen().host());
            assertEquals("0.0.0.0", c.apiListen().host());
            assertEquals("127.0.0.1:" + c.peerListen().port(), v.endpoint());
            expected.add(new LedgerClient.Endpoint("127.0.0.1", c.apiListen().port()));
        }
        // Linux would connect a client dialling 0.0.0.0 to loopback anyway, so check what clients dial, too.
        assertEquals(expected, NetworkDefinition.load(cluster.dir()).endpoints());

        cluster.startAll();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitUp(i, START);
        }
        cluster.awaitHeight(cluster.allNodes(), 1, START);

        String network = cluster.dir().toString();
        Run status = cli("status", "--network", network, "--json");
        assertEquals(0, status.code(), status.err());
        JsonNode rows = new ObjectMapper().readTree(status.out());
        assertEquals(cluster.size(), rows.size(), status.out());
        for (JsonNode row : rows) {
            assertTrue(row.path("height").asLong(-1) >= 1, "every node answers with its height: " + status.out());
        }

        Run created = cli("dataset", "create", "--network", network, "--as", "org1/publisher", "--id", "sites");
        assertEquals(0, created.code(), created.err());
        Run published = cli("publish", "--network", network, "--as", "org1/publisher", "--dataset", "sites",
                "--record", "r1", "--data", "reached through 0.0.0.0", "--json");
        assertEquals(0, published.code(), published.err());
        long height = new ObjectMapper().readTree(published.out()).path("height").asLong(-1);
        assertTrue(height >= 1, published.out());

        cluster.awaitHeight(cluster.allNodes(), height, START);
        try (MeshledgerClient sdk = Meshledger.connect(cluster.dir(), "org1", "publisher")) {
            assertArrayEquals("reached through 0.0.0.0".getBytes(StandardCharsets.UTF_8),
                    sdk.publication().record("sites", "r1").getPayload().toByteArray());
        }
        cluster.assertRunning(cluster.allNodes());
    }
}
