package io.meshledger.node.config;

import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.validators.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code network init} for nodes on named hosts: endpoints, certificates, listen addresses and the port rule. */
class NetworkInitializerHostsTest {
    private static final int DNS = 2;
    private static final int IP = 7;

    @TempDir
    Path dir;

    private Genesis init(List<String> hosts, ListenAddress listen) {
        List<NodeHost> parsed = hosts.stream().map(NodeHost::parse).toList();
        return new NetworkInitializer(new SecureRandom(), Clock.systemUTC()).initialise(new NetworkInitializer.Options(
                dir, "hosts-test", 2, hosts.size(), 7050, false, parsed,
                listen == null ? ListenAddress.defaultFor(parsed) : listen));
    }

    private NodeConfig config(String node) {
        return NodeConfigCodec.load(new NetworkLayout(dir).nodeConfig(node));
    }

    /** The subject alternative names of a node's certificate file, as (type, value) pairs. */
    private List<List<?>> altNames(String node) throws Exception {
        byte[] der = PemFiles.readCertificate(new NetworkLayout(dir).nodeDir(node).resolve("node.crt"));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        return names == null ? List.of() : new ArrayList<>(names);
    }

    private static List<String> endpoints(Genesis g) {
        return g.validators().validators().stream().map(Validator::endpoint).toList();
    }

    @Test
    void nodesOnDistinctHostsAllUseTheBasePortsListenEverywhereAndAreDialledAtTheirHosts() throws Exception {
        Genesis g = init(List.of("Peer1.Example.org", "peer2.example.org", "10.0.0.3", "10.0.0.4"), null);

        assertEquals(List.of("peer1.example.org:7050", "peer2.example.org:7050", "10.0.0.3:7050", "10.0.0.4:7050"),
                endpoints(g));
        for (String node : List.of("node1", "node2", "node3", "node4")) {
            NodeConfig c = config(node);
            assertEquals(new Endpoint("0.0.0.0", 7050), c.peerListen());
            assertEquals(new Endpoint("0.0.0.0", 7051), c.apiListen());
            assertEquals(Optional.of(new Endpoint("0.0.0.0", 7052)), c.metricsListen());
        }
        assertEquals(List.of(List.of(DNS, "localhost"), List.of(DNS, "peer1.example.org"), List.of(IP, "127.0.0.1")),
                altNames("node1"));
        assertEquals(List.of(List.of(DNS, "localhost"), List.of(IP, "10.0.0.3"), List.of(IP, "127.0.0.1")),
                altNames("node3"));
    }

    @Test
    void nodesSharingAHostTakeTheNextTenPortsInNodeOrder() {
        Genesis g = init(List.of("a.example.org", "a.example.org", "b.example.org", "A.example.org"), null);

        assertEquals(List.of("a.example.org:7050", "a.example.org:7060", "b.example.org:7050", "a.example.org:7070"),
                endpoints(g));
        assertEquals(new Endpoint("0.0.0.0", 7061), config("node2").apiListen());
        assertEquals(Optional.of(new Endpoint("0.0.0.0", 7072)), config("node4").metricsListen());
        assertEquals(new Endpoint("0.0.0.0", 7050), config("node3").peerListen());
    }

    @Test
    void aLoopbackNetworkKeepsItsPortsInTensAndListensOnLoopbackOnly() throws Exception {
        Genesis g = new NetworkInitializer(new SecureRandom(), Clock.systemUTC())
                .initialise(new NetworkInitializer.Options(dir, "hosts-test", 2, 4, 7050, false));

        assertEquals(List.of("127.0.0.1:7050", "127.0.0.1:7060", "127.0.0.1:7070", "127.0.0.1:7080"), endpoints(g));
        assertEquals(new Endpoint("127.0.0.1", 7081), config("node4").apiListen());
        assertEquals(Optional.of(new Endpoint("127.0.0.1", 7082)), config("node4").metricsListen());
        assertEquals(List.of(List.of(DNS, "localhost"), List.of(IP, "127.0.0.1")), altNames("node1"));
    }

    @Test
    void everyLoopbackNameIsOneMachineForThePortRule() {
        Genesis g = init(List.of("localhost", "127.0.0.1", "LOCALHOST"), null);

        assertEquals(List.of("localhost:7050", "127.0.0.1:7060", "localhost:7070"), endpoints(g));
        assertEquals(new Endpoint("127.0.0.1", 7070), config("node3").peerListen());
    }

    @Test
    void aLoopbackNetworkMayListenOnEveryInterfaceAndStillAdvertiseLoopback() {
        Genesis g = init(List.of("127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1"), ListenAddress.ANY);

        assertEquals("127.0.0.1:7080", endpoints(g).get(3));
        assertEquals(new Endpoint("0.0.0.0", 7081), config("node4").apiListen());
    }

    @Test
    void ipv6HostsAreBracketedInEndpointsAndListenOnTheIpv6Wildcard() throws Exception {
        Genesis g = init(List.of("fd00::1", "[fd00::2]", "fd00::1", "v6.example.org"), null);

        assertEquals(List.of("[fd00::1]:7050", "[fd00::2]:7050", "[fd00::1]:7060", "v6.example.org:7050"), endpoints(g));
        assertEquals(new Endpoint("[::]", 7051), config("node1").apiListen());
        assertEquals(List.of(List.of(DNS, "localhost"), List.of(IP, "fd00:0:0:0:0:0:0:2"), List.of(IP, "127.0.0.1")),
                altNames("node2"));
    }

    @Test
    void aHostCountThatDoesNotMatchTheNodesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NetworkInitializer.Options(dir, "c", 2, 4, 7050, false,
                        List.of(NodeHost.parse("a.example.org"), NodeHost.parse("b.example.org")), ListenAddress.ANY));
        assertEquals("--hosts names 2 host(s) but --nodes is 4: give exactly one host per node, in node order"
                + " (a host may repeat)", e.getMessage());
    }

    @Test
    void aListenAddressTheHostsCannotBeDialledAtIsRefused() {
        List<NodeHost> remote = List.of(NodeHost.parse("a.example.org"), NodeHost.parse("b.example.org"));
        assertEquals("--listen 127.0.0.1 is one machine's address, but the hosts name 2 machines; use 0.0.0.0 so"
                + " each node listens on its own machine", assertThrows(IllegalArgumentException.class,
                () -> new NetworkInitializer.Options(dir, "c", 1, 2, 7050, false, remote, ListenAddress.LOOPBACK))
                .getMessage());
        List<NodeHost> oneRemote = List.of(NodeHost.parse("10.0.0.5"), NodeHost.parse("10.0.0.5"));
        assertEquals("--listen nodes listening on 127.0.0.1 cannot be dialled at 10.0.0.5; use 0.0.0.0 (every"
                + " interface) or the address of 10.0.0.5", assertThrows(IllegalArgumentException.class,
                () -> new NetworkInitializer.Options(dir, "c", 1, 2, 7050, false, oneRemote, ListenAddress.LOOPBACK))
                .getMessage());
        assertEquals("--listen 0.0.0.0 listens on IPv4 only, but fd00::1 is an IPv6 address; use ::",
                assertThrows(IllegalArgumentException.class, () -> new NetworkInitializer.Options(dir, "c", 1, 1, 7050,
                        false, List.of(NodeHost.parse("fd00::1")), ListenAddress.ANY)).getMessage());
        // One machine's own address serves the nodes dialled at it.
        new NetworkInitializer.Options(dir, "c", 1, 2, 7050, false, oneRemote, ListenAddress.parse("10.0.0.5"));
    }

    @Test
    void theBasePortLeavesRoomForTheMostNodesOnOneMachineOnly() {
        List<NodeHost> distinct = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            distinct.add(NodeHost.parse("n" + i + ".example.org"));
        }
        // 20 nodes on 20 machines need 3 ports each from 65500; on one machine they would not fit.
        new NetworkInitializer.Options(dir, "c", 2, 20, 65500, false, distinct, ListenAddress.ANY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NetworkInitializer.Options(dir, "c", 2, 20, 65500, false));
        assertTrue(e.getMessage().startsWith("--base-port must leave room for 20 node(s) on one machine"), e.getMessage());
    }

    @Test
    void hostsMustBeHostNamesOrUnicastAddresses() {
        for (String bad : List.of("my_host", "-a.example.org", "a..example.org", "a.example.org.", "10.0.0.256", "",
                "host name", "fd00::1%eth0", "exa$mple.org")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeHost.parse(bad), bad);
            assertEquals("'" + bad.strip() + "' is not a host name or IP address", e.getMessage());
        }
        for (String wildcard : List.of("0.0.0.0", "::", "[::]")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeHost.parse(wildcard));
            assertTrue(e.getMessage().contains("means every interface"), e.getMessage());
        }
        assertEquals("xn--bcher-kva.example", NodeHost.parse("XN--BCHER-KVA.example").name());
        assertEquals("fd00::1", NodeHost.parse("[fd00::1]").name());
        assertEquals(NodeHost.parse("fd00::1").machine(), NodeHost.parse("fd00:0:0::1").machine());
    }

    @Test
    void aListenAddressIsAnIpAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ListenAddress.parse("node1.example.org"));
        assertEquals("'node1.example.org' is not an IP address (0.0.0.0 listens on every interface, 127.0.0.1 on"
                + " loopback only)", e.getMessage());
        assertTrue(ListenAddress.parse("[::]").isWildcard());
        assertEquals("[::]", ListenAddress.parse("::").uriHost());
    }
}
