package io.meshledger.node.cli;

import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.identity.MembershipCheck;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.config.NetworkLayout;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.config.NodeConfigCodec;
import io.meshledger.node.config.PemFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkInitCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void initWritesAFourNodeTwoOrgNetworkThatLoadsBack() throws Exception {
        Path out = dir.resolve("net");
        Run r = cli("network", "init", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        NetworkLayout layout = new NetworkLayout(out);
        Genesis g = GenesisCodec.load(layout.genesis());
        assertEquals(4, g.validators().size());
        assertEquals(2, g.organisations().size());
        assertEquals(1, g.validators().maxFaulty());
        var members = g.membershipValidator(100);
        for (String org : new String[] {"org1", "org2"}) {
            for (String user : new String[] {"admin", "publisher", "auditor"}) {
                byte[] der = PemFiles.readCertificate(layout.userCertificate(org, user));
                var check = assertInstanceOf(MembershipCheck.Valid.class, members.validate(der, Instant.now()));
                assertEquals(org, check.member().org());
                assertEquals(user, check.member().name());
                // The key on disk matches the certified key.
                assertEquals(check.member().key(), PemFiles.readPrivateKey(layout.userKey(org, user)).publicKey());
            }
        }
        for (Validator v : g.validators().validators()) {
            NodeConfig c = NodeConfigCodec.load(layout.nodeConfig(v.name()));
            assertEquals(v.name(), c.name());
            assertEquals(v.org(), c.org());
            assertEquals(v.endpoint(), c.peerListen().toString());
            assertEquals("127.0.0.1", c.peerListen().host());
            assertEquals("127.0.0.1", c.apiListen().host());
            assertEquals(layout.genesis().toAbsolutePath().normalize(), c.genesis());
            assertEquals(v.key(), PemFiles.readPrivateKey(c.key()).publicKey());
        }
    }

    @Test
    void everyPrivateKeyIsReadableByItsOwnerOnly() throws Exception {
        Path out = dir.resolve("net");
        assertEquals(0, cli("network", "init", "--out", out.toString(), "--orgs", "3", "--nodes", "7").code());
        long keys;
        try (Stream<Path> s = Files.walk(out)) {
            keys = s.filter(p -> p.getFileName().toString().endsWith(".key") || p.getFileName().toString().equals("key.pem"))
                    .peek(p -> {
                        try {
                            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).count();
        }
        assertEquals(3 + 3 * 3 + 7, keys, "CA, user and node keys");
        assertEquals(7, GenesisCodec.load(out.resolve("genesis.json")).validators().size());
    }

    @Test
    void aNonEmptyDirectoryIsRefusedUnlessForced() throws Exception {
        Path out = dir.resolve("net");
        assertEquals(0, cli("network", "init", "--out", out.toString()).code());
        String before = Files.readString(out.resolve("genesis.json"));
        Run refused = cli("network", "init", "--out", out.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("not empty") && refused.err().contains("--force"), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), "one clear line, no stack trace");
        assertEquals(before, Files.readString(out.resolve("genesis.json")));

        assertEquals(0, cli("network", "init", "--out", out.toString(), "--force").code());
        assertNotEquals(before, Files.readString(out.resolve("genesis.json")));
    }

    @Test
    void portsStartAtTheBasePort() throws Exception {
        Path out = dir.resolve("net");
        assertEquals(0, cli("network", "init", "--out", out.toString(), "--base-port", "31000").code());
        Genesis g = GenesisCodec.load(out.resolve("genesis.json"));
        assertEquals("127.0.0.1:31000", g.validators().validators().get(0).endpoint());
        assertEquals("127.0.0.1:31030", g.validators().validators().get(3).endpoint());
        assertEquals(31031, NodeConfigCodec.load(out.resolve("nodes/node4/node.yaml")).apiListen().port());
    }

    @Test
    void badArgumentsFailWithOneLineAndAUsageExitCode() {
        Run r = cli("network", "init", "--out", dir.resolve("x").toString(), "--nodes", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--nodes"), r.err());
        assertFalse(Files.exists(dir.resolve("x").resolve("genesis.json")));
        Run missing = cli("network", "init");
        assertNotEquals(0, missing.code());
        assertTrue(missing.err().contains("--out"), missing.err());
    }

    @Test
    void hostsAndListenGoIntoGenesisAndNodeYamlAndTheOutputPointsToTheDeploymentGuide() throws Exception {
        Path out = dir.resolve("net");
        Run r = cli("network", "init", "--out", out.toString(), "--nodes", "4",
                "--hosts", "peer1.example.org,peer2.example.org,peer1.example.org,10.1.2.3");
        assertEquals(0, r.code(), r.err());
        Genesis g = GenesisCodec.load(out.resolve("genesis.json"));
        assertEquals(java.util.List.of("peer1.example.org:7050", "peer2.example.org:7050", "peer1.example.org:7060",
                "10.1.2.3:7050"), g.validators().validators().stream().map(Validator::endpoint).toList());
        NodeConfig node3 = NodeConfigCodec.load(out.resolve("nodes/node3/node.yaml"));
        assertEquals("0.0.0.0:7060", node3.peerListen().toString());
        assertEquals("0.0.0.0:7061", node3.apiListen().toString());
        assertTrue(r.out().contains("Nodes listen on 0.0.0.0."), r.out());
        assertTrue(r.out().contains("network-config/DEPLOYMENT.md"), r.out());

        Path local = dir.resolve("local");
        Run loopback = cli("network", "init", "--out", local.toString(), "--listen", "0.0.0.0");
        assertEquals(0, loopback.code(), loopback.err());
        assertEquals("127.0.0.1:7060", GenesisCodec.load(local.resolve("genesis.json")).validators().validators()
                .get(1).endpoint());
        assertEquals("0.0.0.0:7061", NodeConfigCodec.load(local.resolve("nodes/node2/node.yaml")).apiListen().toString());
        assertFalse(loopback.out().contains("DEPLOYMENT.md"), loopback.out());
    }

    @Test
    void badHostsOrListenFailWithOneLineNamingTheFlag() {
        String[][] cases = {
                {"--hosts", "a.example.org,b.example.org", "--hosts names 2 host(s) but --nodes is 4"},
                {"--hosts", "a.example.org,b_2.example.org,c.example.org,d.example.org",
                        "--hosts: 'b_2.example.org' is not a host name or IP address"},
                {"--hosts", "0.0.0.0,a.example.org,c.example.org,d.example.org", "--hosts: '0.0.0.0' means every interface"},
                {"--listen", "all", "--listen: 'all' is not an IP address"},
                {"--hosts", "a.example.org,b.example.org,c.example.org,d.example.org --listen 127.0.0.1",
                        "--listen 127.0.0.1 is one machine's address, but the hosts name 4 machines; use 0.0.0.0"},
        };
        for (String[] c : cases) {
            Path out = dir.resolve("bad");
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("network", "init", "--out",
                    out.toString(), c[0]));
            args.addAll(java.util.List.of(c[1].split(" ")));
            Run r = cli(args.toArray(String[]::new));
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(c[2]), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one clear line: " + r.err());
            assertFalse(Files.exists(out.resolve("genesis.json")), "nothing written for " + args);
        }
    }

    @Test
    void helpListsTheCommands() {
        Run r = cli("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("network"), r.out());
        Run init = cli("network", "init", "--help");
        assertEquals(0, init.code());
        assertTrue(init.out().contains("--base-port") && init.out().contains("--force"), init.out());
        assertTrue(init.out().contains("--hosts") && init.out().contains("--listen"), init.out());
    }
}
