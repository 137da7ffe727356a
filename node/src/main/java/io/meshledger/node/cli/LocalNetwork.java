package io.meshledger.node.cli;

import io.meshledger.client.LedgerClient;
import io.meshledger.client.NetworkDefinition;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.config.NetworkLayout;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.config.NodeConfigCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes of a network directory run as local background processes: start
 * them, find them (pid files), stop them, and ask them for their status.
 */
final class LocalNetwork {
    private final NetworkLayout layout;
    private final Genesis genesis;

    LocalNetwork(Path dir) {
        this.layout = new NetworkLayout(dir);
        this.genesis = GenesisCodec.load(layout.genesis());
    }

    Path root() {
        return layout.root();
    }

    Genesis genesis() {
        return genesis;
    }

    List<String> nodeNames() {
        return genesis.validators().validators().stream().map(Validator::name).toList();
    }

    NodeConfig config(String node) {
        return NodeConfigCodec.load(layout.nodeConfig(node));
    }

    Path pidFile(String node) {
        return layout.nodeDir(node).resolve("node.pid");
    }

    Path logFile(String node) {
        return layout.nodeDir(node).resolve("node.log");
    }

    /** The process of {@code node} if its pid file names a live one. */
    Optional<ProcessHandle> process(String node) {
        Path pid = pidFile(node);
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Starts {@code node} as a background JVM running {@code node start}, logging to its node.log. */
    ProcessHandle start(String node) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions());
        command.add("-cp");
        command.add(classPath());
        command.add(Main.class.getName());
        command.add("node");
        command.add("start");
        command.add("--config");
        command.add(layout.nodeConfig(node).toAbsolutePath().toString());
        try {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(node).toFile()))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            Files.writeString(pidFile(node), Long.toString(p.pid()));
            return p.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + node, e);
        }
    }

    /** Asks {@code node} to stop (SIGTERM), waits up to {@code grace}, then kills it. Returns whether it was running. */
    boolean stop(String node, Duration grace) {
        Optional<ProcessHandle> p = process(node);
        if (p.isEmpty()) {
            deletePid(node);
            return false;
        }
        ProcessHandle h = p.get();
        h.destroy();
        try {
            h.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            h.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("waiting for " + node + " to stop failed", e);
        }
        deletePid(node);
        return true;
    }

    LedgerClient clientFor(String node, Duration timeout) {
        return new LedgerClient(List.of(clientEndpoint(node)), timeout);
    }

    /** Where a client dials {@code node}: its api_listen, or its genesis host when it listens on a wildcard. */
    LedgerClient.Endpoint clientEndpoint(String node) {
        NodeConfig c = config(node);
        Validator v = genesis.validators().validators().stream().filter(x -> x.name().equals(node)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no validator " + node + " in " + layout.genesis()));
        return NetworkDefinition.clientEndpoint(new LedgerClient.Endpoint(c.apiListen().host(), c.apiListen().port()), v);
    }

    /** Each node's committed height, in genesis order; -1 for a node that does not answer. */
    Map<String, Long> heights(Collection<String> nodes) {
        Map<String, Long> heights = new LinkedHashMap<>();
        for (String node : nodes) {
            try (LedgerClient c = clientFor(node, Duration.ofSeconds(2))) {
                heights.put(node, c.statusOf(0).getHeight());
            } catch (RuntimeException e) {
                heights.put(node, -1L);
            }
        }
        return heights;
    }

    /**
     * Waits until every node has committed a block; returns their heights.
     * Fails at once, naming its log, when a node's process exits meanwhile.
     */
    Map<String, Long> awaitCommitting(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (String node : nodeNames()) {
                if (process(node).isEmpty()) {
                    throw new IllegalStateException(node + " exited during start-up; see " + logFile(node));
                }
            }
            Map<String, Long> heights = heights(nodeNames());
            if (heights.values().stream().allMatch(h -> h >= 1)) {
                return heights;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nodes did not all commit a block within " + within.toSeconds()
                        + " s (heights " + heights + ", -1 = not answering); logs are in " + root().resolve("nodes"));
            }
            Thread.sleep(250);
        }
    }

    private void deletePid(String node) {
        try {
            Files.deleteIfExists(pidFile(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> jvmOptions() {
        List<String> opts = new ArrayList<>();
        opts.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            opts.add("--sun-misc-unsafe-memory-access=allow");
        }
        opts.add("-Xmx1g");
        // Extra JVM options for every node, e.g. a profiler: MESHLEDGER_NODE_OPTS="-XX:StartFlightRecording=...".
        String extra = System.getenv("MESHLEDGER_NODE_OPTS");
        if (extra != null && !extra.isBlank()) {
            opts.addAll(List.of(extra.trim().split("\\s+")));
        }
        return opts;
    }

    /** This JVM's class path: the runnable jar, or the module class paths when run from a build. */
    private static String classPath() {
        String cp = System.getProperty("java.class.path");
        if (cp != null && !cp.isBlank()) {
            return cp;
        }
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the meshledger classes", e);
        }
    }
}
