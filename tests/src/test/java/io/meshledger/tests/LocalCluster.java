package io.meshledger.tests;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.meshledger.client.ClientIdentity;
import io.meshledger.client.LedgerClient;
import io.meshledger.client.NetworkDefinition;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.cli.Main;
import io.meshledger.node.config.ListenAddress;
import io.meshledger.node.config.NetworkInitializer;
import io.meshledger.node.config.NetworkLayout;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.config.NodeConfigCodec;
import io.meshledger.node.config.NodeHost;
import io.meshledger.proto.v1.AdminGrpc;
import io.meshledger.proto.v1.StatusRequest;
import io.meshledger.proto.v1.StatusResponse;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A local network of node processes on 127.0.0.1 for end-to-end tests: written
 * by {@code network init} on free ports, each node a separate JVM running
 * {@code node start} (or any other main class in its place, such as a rogue
 * peer) and logging to its own file.
 *
 * <p>Register it with {@code @RegisterExtension static}: after the class it
 * kills every process it started (and their descendants); when a test fails it
 * appends the tail of every node's log to the failure. A JVM shutdown hook kills
 * the processes too, should the test JVM be stopped. Nodes are numbered from 0
 * ({@code node1} is index 0), as in the genesis validator order.
 */
final class LocalCluster implements AfterAllCallback, TestExecutionExceptionHandler, AutoCloseable {
    private static final int MIN_BASE = 20_000;
    /**
     * Below Linux's default ephemeral range (32768-60999): a listen port chosen there can be taken by
     * an outgoing connection between the check and the bind (seen: a node failing to listen).
     */
    private static final int MAX_BASE = 32_000;
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;

    private final int nodes;
    private final Map<Integer, Process> processes = new ConcurrentHashMap<>();
    private final Map<Integer, ManagedChannel> statusChannels = new ConcurrentHashMap<>();
    private final Map<Integer, LedgerClient> clients = new ConcurrentHashMap<>();
    private final Thread killer = new Thread(this::killAll, "local-cluster-killer");
    private Path dir;
    private NetworkLayout layout;
    private Genesis genesis;
    private int basePort;

    LocalCluster(int nodes) {
        this.nodes = nodes;
    }

    // ------------------------------------------------------------------ setup

    /** Writes the network ({@code network init}: 2 orgs, {@code nodes} validators) into {@code dir} on free ports. */
    LocalCluster init(Path dir) {
        return init(dir, ListenAddress.LOOPBACK);
    }

    /**
     * As {@link #init(Path)}, every node on host 127.0.0.1 but binding {@code listen}
     * (e.g. {@code 0.0.0.0}, as nodes on separate machines do).
     */
    LocalCluster init(Path dir, ListenAddress listen) {
        this.dir = dir.resolve("net");
        this.layout = new NetworkLayout(this.dir);
        IOException last = null;
        for (int attempt = 1; attempt <= 10; attempt++) {
            int base = MIN_BASE + 10 * ThreadLocalRandom.current().nextInt((MAX_BASE - MIN_BASE) / 10 - nodes);
            try {
                checkBindable(base, listen);
            } catch (IOException e) {
                last = e;
                continue;
            }
            this.basePort = base;
            this.genesis = new NetworkInitializer(new SecureRandom(), Clock.systemUTC())
                    .initialise(new NetworkInitializer.Options(this.dir, "meshledger-e2e", 2, nodes, base, false,
                            Collections.nCopies(nodes, NodeHost.LOOPBACK), listen));
            Runtime.getRuntime().addShutdownHook(killer);
            return this;
        }
        throw new IllegalStateException("no free port range found in 10 attempts", last);
    }

    private void checkBindable(int base, ListenAddress listen) throws IOException {
        InetAddress address = InetAddress.getByName(listen.address());
        for (int i = 0; i < nodes; i++) {
            for (int port : new int[]{base + 10 * i, base + 10 * i + 1, base + 10 * i + 2}) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(address, port));
                }
            }
        }
    }

    // ------------------------------------------------------------- the network

    int size() {
        return nodes;
    }

    Genesis genesis() {
        return genesis;
    }

    String chainId() {
        return genesis.chainId();
    }

    Path dir() {
        return dir;
    }

    String name(int node) {
        return genesis.validators().validators().get(node).name();
    }

    int indexOf(String name) {
        List<Validator> vs = genesis.validators().validators();
        for (int i = 0; i < vs.size(); i++) {
            if (vs.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no node named '" + name + "'");
    }

    Path configFile(int node) {
        return layout.nodeConfig(name(node));
    }

    NodeConfig config(int node) {
        return NodeConfigCodec.load(configFile(node));
    }

    Path logFile(int node) {
        return dir.resolve("logs").resolve(name(node) + ".log");
    }

    /** A user identity written by network init, e.g. {@code ("org1", "publisher")}. */
    ClientIdentity user(String org, String user) {
        return ClientIdentity.load(dir.resolve("orgs").resolve(org).resolve("users").resolve(user));
    }

    // ------------------------------------------------------------- processes

    /** Starts every node. */
    void startAll() {
        for (int i = 0; i < nodes; i++) {
            start(i);
        }
    }

    /** Starts node {@code node} ({@code node start --config}) on its data directory. */
    void start(int node) {
        startMain(node, Main.class.getName(), List.of("node", "start", "--config", configFile(node).toString()));
    }

    /**
     * Starts {@code mainClass} with {@code args} as a JVM on this class path in
     * place of node {@code node}, logging to that node's log file.
     */
    void startMain(int node, String mainClass, List<String> args) {
        Process old = processes.get(node);
        if (old != null && old.isAlive()) {
            throw new IllegalStateException(name(node) + " is already running (pid " + old.pid() + ")");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC"));
        // -De2e.nodeLogLevel=DEBUG shows the nodes' reasons for dropping messages (grpc and netty stay at WARN).
        command.add("-DMESHLEDGER_LOG_LEVEL=" + System.getProperty("e2e.nodeLogLevel", "INFO"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        Path log = logFile(node);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== " + Instant.now() + " starting " + mainClass + " " + String.join(" ", args)
                            + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            processes.put(node, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name(node), e);
        }
        LedgerClient old2 = clients.remove(node);
        if (old2 != null) {
            old2.close();
        }
    }

    boolean isRunning(int node) {
        Process p = processes.get(node);
        return p != null && p.isAlive();
    }

    /** {@code kill -9}: SIGKILL to the node and its descendants; returns once it is gone. */
    void kill(int node) {
        Process p = processes.get(node);
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        awaitExit(p, Duration.ofSeconds(20));
        appendToLog(node, "=== " + Instant.now() + " killed (SIGKILL) by the test");
    }

    /** Graceful stop: SIGTERM, up to {@code grace} to exit, then SIGKILL. Returns the exit code. */
    int stop(int node, Duration grace) {
        Process p = processes.get(node);
        if (p == null || !p.isAlive()) {
            return p == null ? -1 : p.exitValue();
        }
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                appendToLog(node, "=== did not stop within " + grace + " of SIGTERM: killing");
                kill(node);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(node);
        }
        descendantsKill(p);
        return p.exitValue();
    }

    /** SIGKILL to node {@code node}, then starts it again on its data directory. */
    void restart(int node) {
        kill(node);
        start(node);
    }

    /** Kills every process this cluster started. Idempotent. */
    void killAll() {
        for (Process p : processes.values()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes.values()) {
            awaitExit(p, Duration.ofSeconds(20));
        }
    }

    private static void descendantsKill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static void awaitExit(Process p, Duration limit) {
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("process " + p.pid() + " survived SIGKILL for " + limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void appendToLog(int node, String line) {
        try {
            Files.writeString(logFile(node), line + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The line is a courtesy for readers of the log; the test goes on without it.
        }
    }

    // ----------------------------------------------------------------- clients

    /** Where clients dial node {@code node}'s API (its genesis host when it listens on a wildcard). */
    LedgerClient.Endpoint apiEndpoint(int node) {
        NodeConfig c = config(node);
        return NetworkDefinition.clientEndpoint(new LedgerClient.Endpoint(c.apiListen().host(), c.apiListen().port()),
                genesis.validators().validators().get(node));
    }

    /** A client of node {@code node} alone (no fail-over); replaced when the node restarts. */
    LedgerClient client(int node) {
        return clients.computeIfAbsent(node, i -> new LedgerClient(List.of(apiEndpoint(i)), CLIENT_TIMEOUT));
    }

    /** The node's Admin status, or empty when it does not answer within two seconds. */
    Optional<StatusResponse> status(int node) {
        ManagedChannel ch = statusChannels.computeIfAbsent(node, i -> {
            LedgerClient.Endpoint api = apiEndpoint(i);
            return NettyChannelBuilder.forAddress(api.host(), api.port()).usePlaintext().build();
        });
        try {
            return Optional.of(AdminGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .status(StatusRequest.getDefaultInstance()));
        } catch (StatusRuntimeException e) {
            // A restarted node must be seen at once, not after gRPC's reconnect back-off.
            ch.resetConnectBackoff();
            return Optional.empty();
        }
    }

    /** The committed height of {@code node}, or -1 when it does not answer. */
    long height(int node) {
        return status(node).map(StatusResponse::getHeight).orElse(-1L);
    }

    /** Heights of all nodes (-1 for those not answering), for messages. */
    String heights() {
        return IntStream.range(0, nodes).mapToObj(i -> name(i) + "=" + height(i)).collect(Collectors.joining(", "));
    }

    /** Index of the leader that a running node reports for its current round. */
    int leader(int askedNode) {
        StatusResponse s = status(askedNode).orElseThrow(() -> new AssertionError(name(askedNode) + " does not answer"));
        return indexOf(s.getLeader());
    }

    // ------------------------------------------------------------------- waits

    /** Polls {@code condition} every 200 ms until it holds; fails after {@code timeout}. */
    static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        waitUntil(what, timeout, condition, () -> "");
    }

    static void waitUntil(String what, Duration timeout, BooleanSupplier condition,
                          java.util.function.Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what + " " + state.get());
            }
            sleep(Duration.ofMillis(200));
        }
    }

    /** Waits until every node in {@code which} answers with a height of at least {@code height}. */
    void awaitHeight(List<Integer> which, long height, Duration timeout) {
        waitUntil(which.stream().map(this::name).toList() + " reach height " + height, timeout,
                () -> which.stream().allMatch(i -> height(i) >= height), () -> "(heights: " + heights() + ")");
    }

    /** Waits until node {@code node} answers its status. */
    void awaitUp(int node, Duration timeout) {
        waitUntil(name(node) + " answers", timeout, () -> {
            if (!isRunning(node)) {
                throw new AssertionError(name(node) + " exited with code " + processes.get(node).exitValue()
                        + "\n" + tail(node, LOG_TAIL_LINES));
            }
            return status(node).isPresent();
        });
    }

    /** Asserts that the nodes in {@code which} are still running (none crashed). */
    void assertRunning(List<Integer> which) {
        for (int i : which) {
            if (!isRunning(i)) {
                throw new AssertionError(name(i) + " is not running (exit code " + processes.get(i).exitValue() + ")\n"
                        + tail(i, LOG_TAIL_LINES));
            }
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static List<Integer> all(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    List<Integer> allNodes() {
        return all(nodes);
    }

    List<Integer> except(Integer... excluded) {
        List<Integer> ex = Arrays.asList(excluded);
        return allNodes().stream().filter(i -> !ex.contains(i)).toList();
    }

    // -------------------------------------------------------------------- logs

    /** The last {@code lines} lines of node {@code node}'s log. */
    String tail(int node, int lines) {
        Path log = logFile(node);
        try {
            if (!Files.exists(log)) {
                return "--- " + name(node) + ": no log";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- " + name(node) + " (" + log + ", last " + Math.min(lines, all.size()) + " of " + all.size()
                    + " lines)\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "--- " + name(node) + ": cannot read log: " + e;
        }
    }

    String tails(int lines) {
        if (dir == null) {
            return "";
        }
        return IntStream.range(0, nodes).mapToObj(i -> tail(i, lines)).collect(Collectors.joining("\n"));
    }

    /** Lines of node {@code node}'s log that contain {@code text}. */
    List<String> grep(int node, String text) {
        try {
            return Files.readAllLines(logFile(node), StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    // -------------------------------------------------------------- lifecycle

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        String logs = tails(LOG_TAIL_LINES);
        System.err.println("=== " + context.getDisplayName() + " failed: " + failure + "\n=== node logs\n" + logs);
        AssertionError withLogs = new AssertionError(failure.getMessage() + "\n=== node logs (tails)\n" + logs, failure);
        throw withLogs;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
        keepLogs(Path.of("target", "e2e-logs", context.getRequiredTestClass().getSimpleName()));
    }

    /** Copies the node logs out of the temporary directory (which JUnit deletes) for later reading. */
    private void keepLogs(Path to) {
        if (dir == null || !Files.isDirectory(dir.resolve("logs"))) {
            return;
        }
        try (var logs = Files.list(dir.resolve("logs"))) {
            Files.createDirectories(to);
            for (Path log : logs.toList()) {
                Files.copy(log, to.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("could not keep the node logs in " + to + ": " + e);
        }
    }

    @Override
    public void close() {
        killAll();
        clients.values().forEach(LedgerClient::close);
        clients.clear();
        statusChannels.values().forEach(ManagedChannel::shutdownNow);
        statusChannels.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Already shutting down, or never registered.
        }
    }

    int basePort() {
        return basePort;
    }
}
