package io.meshledger.node.cli;

import io.meshledger.client.LedgerClient;
import io.meshledger.client.NetworkDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Clients never dial a wildcard: where node.yaml says {@code api_listen: 0.0.0.0:P},
 * the CLI and the SDK dial the node's genesis host on port P.
 */
class WildcardListenEndpointsTest {
    @TempDir
    Path dir;

    private Path init(String... extra) {
        Path out = dir.resolve("net");
        List<String> args = new java.util.ArrayList<>(List.of("network", "init", "--out", out.toString()));
        args.addAll(List.of(extra));
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
        assertEquals(0, code, err.toString());
        return out;
    }

    private static List<LedgerClient.Endpoint> sessionEndpoints(Path network, String node) {
        ClientSession session = new ClientSession();
        session.network = network;
        session.node = node;
        return session.endpoints();
    }

    private static List<LedgerClient.Endpoint> endpoints(String... hostPorts) {
        return java.util.Arrays.stream(hostPorts).map(LedgerClient.Endpoint::parse).toList();
    }

    @Test
    void aLoopbackNetworkListeningOnEveryInterfaceIsDialledOnLoopback() {
        Path net = init("--listen", "0.0.0.0");
        List<LedgerClient.Endpoint> expected =
                endpoints("127.0.0.1:7051", "127.0.0.1:7061", "127.0.0.1:7071", "127.0.0.1:7081");
        assertEquals(expected, sessionEndpoints(net, null));
        assertEquals(expected, NetworkDefinition.load(net).endpoints());
        LocalNetwork local = new LocalNetwork(net);
        assertEquals(expected, local.nodeNames().stream().map(local::clientEndpoint).toList());
    }

    @Test
    void nodesOnNamedHostsAreDialledAtThoseHostsOnTheirApiPorts() {
        Path net = init("--nodes", "4", "--hosts", "a.example.org,b.example.org,a.example.org,[fd00::9]");
        List<LedgerClient.Endpoint> expected =
                endpoints("a.example.org:7051", "b.example.org:7051", "a.example.org:7061", "[fd00::9]:7051");
        assertEquals(expected, sessionEndpoints(net, null));
        assertEquals(expected, NetworkDefinition.load(net).endpoints());
    }

    @Test
    void aSpecificListenAddressIsDialledAsWrittenAndNodeOverridesEverything() {
        Path net = init();
        assertEquals(endpoints("127.0.0.1:7051", "127.0.0.1:7061", "127.0.0.1:7071", "127.0.0.1:7081"),
                NetworkDefinition.load(net).endpoints());
        assertEquals(endpoints("10.9.8.7:9000"), sessionEndpoints(net, "10.9.8.7:9000"));
    }
}
