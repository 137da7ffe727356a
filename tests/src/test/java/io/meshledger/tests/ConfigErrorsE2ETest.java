package io.meshledger.tests;

import io.meshledger.node.cli.Main;
import io.meshledger.node.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each configuration error the operators' issue names stops a real {@code node
 * start} process with exit code 2 and exactly one line on stderr naming the
 * problem and the fix: an unknown key, a wrong type, an unreadable key file, a
 * port in use, and a genesis that does not match the data directory (which is
 * left unchanged); and a data directory held by a running node.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConfigErrorsE2ETest {
    private static final Duration UP = Duration.ofSeconds(60);
    /** A JVM that loads RocksDB and fails a check: seconds, not tens of seconds. */
    private static final long EXIT_WITHIN_S = 30;

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    @Test
    void eachConfigurationErrorStopsTheNodeWithExitCodeTwoAndOneLineNamingTheFix() throws Exception {
        cluster.init(dir);
        Path node1Dir = cluster.configFile(0).getParent();
        String node1Yaml = Files.readString(cluster.configFile(0));
        NodeConfig node1 = cluster.config(0);

        Failure unknownKey = runNodeStart(write(node1Dir, "unknown-key.yaml",
                node1Yaml.replace("mempool:", "mempol:")));
        unknownKey.assertOneLine("mempol: unknown key (did you mean 'mempool'?); fix: rename it to 'mempool'");

        Failure wrongType = runNodeStart(write(node1Dir, "wrong-type.yaml",
                node1Yaml.replace("capacity: 100000", "capacity: lots")));
        wrongType.assertOneLine("mempool.capacity: expected a whole number from 1 to 10000000, found the string"
                + " \"lots\"; fix: set mempool.capacity to a whole number");

        Failure unreadableKey = runNodeStart(write(node1Dir, "unreadable-key.yaml",
                node1Yaml.replace("key: node.key", "key: node.crt")));
        unreadableKey.assertOneLine("identity.key: " + node1Dir.resolve("node.crt") + " holds a PEM 'CERTIFICATE'"
                + " block, not a PKCS#8 private key; fix:");
        Failure missingKey = runNodeStart(write(node1Dir, "missing-key.yaml",
                node1Yaml.replace("key: node.key", "key: lost/node.key")));
        missingKey.assertOneLine("identity.key: " + node1Dir.resolve("lost/node.key") + ": no such file; fix:");

        cluster.start(0);
        cluster.awaitUp(0, UP);
        // node2 configured onto node1's client port, which node1 is serving.
        Path node2Dir = cluster.configFile(1).getParent();
        String node2Yaml = Files.readString(cluster.configFile(1));
        Failure portInUse = runNodeStart(write(node2Dir, "port-in-use.yaml", node2Yaml.replace(
                "api_listen: " + cluster.config(1).apiListen(), "api_listen: " + node1.apiListen())));
        portInUse.assertOneLine("api_listen: " + node1.apiListen() + " is already in use by another process; fix:"
                + " stop the process listening there");
        assertTrue(Files.notExists(node2Dir.resolve("data")), "node2's data directory was not created");

        // A second node1 on free ports but node1's data directory, which the running node1 holds.
        List<Integer> free = freePorts(3);
        Failure held = runNodeStart(write(node1Dir, "held-data.yaml", withPorts(node1Yaml, node1, free)));
        held.assertOneLine("data_dir: " + node1.dataDir() + " is in use by another running node (its RocksDB LOCK is"
                + " held); fix: stop that node first, or give this node its own data_dir");

        // Stopped by SIGTERM (its exit code is the shutdown work's concern, not this test's).
        cluster.stop(0, Duration.ofSeconds(30));
        assertTrue(!cluster.isRunning(0), "node1 stopped");
        // Another network initialised with the same chain id: only the genesis digest tells them apart. Its
        // ports are replaced by free ones below, so its base port does not matter.
        Path other = dir.resolve("other-net");
        StringWriter initOut = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(initOut), new PrintWriter(initOut), "network", "init", "--out",
                other.toString(), "--chain-id", cluster.chainId(), "--base-port", "40000"),
                initOut.toString());
        Path otherNode1 = other.resolve("nodes/node1");
        String otherYaml = withPorts(Files.readString(otherNode1.resolve("node.yaml")),
                io.meshledger.node.config.NodeConfigCodec.load(otherNode1.resolve("node.yaml")), freePorts(3))
                .replace("data_dir: data", "data_dir: " + node1.dataDir());
        TreeMap<String, String> before = digests(node1.dataDir());
        Failure mismatch = runNodeStart(write(otherNode1, "their-genesis-our-data.yaml", otherYaml));
        mismatch.assertOneLine("data_dir: " + node1.dataDir() + " belongs to chain '" + cluster.chainId()
                + "' (genesis sha256 ");
        assertTrue(mismatch.line().contains(") but " + other.resolve("genesis.json") + " is chain '"
                + cluster.chainId() + "' (genesis sha256 "), mismatch.line());
        assertTrue(mismatch.line().endsWith("; fix: point data_dir at this network's data directory, or move "
                + node1.dataDir() + " away to start this node with an empty one"), mismatch.line());
        assertEquals(before, digests(node1.dataDir()), "the data directory is unchanged");

        // The data directory still belongs to node1, which starts on it again.
        cluster.start(0);
        cluster.awaitUp(0, UP);
    }

    /** What a failed {@code node start} left: its exit code and its stderr. */
    private record Failure(Path config, int exitCode, String stderr, String stdout) {
        /** The only stderr line, without the "error: " prefix. */
        String line() {
            return stderr.strip().substring("error: ".length());
        }

        /** Exit code 2, exactly one stderr line "error: <config>: <expected>...", containing "; fix: ". */
        void assertOneLine(String expected) {
            String context = "node start --config " + config + " gave exit code " + exitCode + ", stderr:\n" + stderr
                    + "\nstdout:\n" + stdout;
            assertEquals(2, exitCode, context);
            List<String> lines = stderr.lines().toList();
            assertEquals(1, lines.size(), "exactly one line on stderr: " + context);
            assertTrue(lines.getFirst().startsWith("error: " + config + ": " + expected), context);
            assertTrue(lines.getFirst().contains("; fix: "), context);
            assertEquals("", stdout, context);
        }
    }

    /** Runs {@code node start --config config} as its own JVM, as LocalCluster starts nodes, expecting it to exit. */
    private static Failure runNodeStart(Path config) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "node", "start", "--config", config.toString()));
        Path out = Files.createTempFile(dir, "node-start", ".out");
        Path err = Files.createTempFile(dir, "node-start", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(EXIT_WITHIN_S, TimeUnit.SECONDS)) {
                throw new AssertionError("node start --config " + config + " was still running after " + EXIT_WITHIN_S
                        + " s; stderr:\n" + Files.readString(err));
            }
            return new Failure(config, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8),
                    Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static Path write(Path nodeDir, String name, String yaml) throws IOException {
        return Files.writeString(nodeDir.resolve(name), yaml);
    }

    /** {@code yaml} (of the node {@code c}) with its three listen ports replaced by {@code ports}. */
    private static String withPorts(String yaml, NodeConfig c, List<Integer> ports) {
        return yaml.replace("peer_listen: " + c.peerListen(), "peer_listen: 127.0.0.1:" + ports.get(0))
                .replace("api_listen: " + c.apiListen(), "api_listen: 127.0.0.1:" + ports.get(1))
                .replace("metrics_listen: " + c.metricsListen().orElseThrow(), "metrics_listen: 127.0.0.1:"
                        + ports.get(2));
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /** SHA-256 of every file under {@code root}, by relative path. */
    private static TreeMap<String, String> digests(Path root) {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
