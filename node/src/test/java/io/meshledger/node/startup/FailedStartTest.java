package io.meshledger.node.startup;

import io.meshledger.node.Node;
import io.meshledger.node.config.ConfigException;
import io.meshledger.node.config.Endpoint;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.storage.RocksLedgerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A start that fails after the store is open (a port taken between the checks
 * and the bind) reads like the check would have, and leaves nothing behind:
 * the store is closed, the ports bound so far are released, the node's threads end.
 */
class FailedStartTest {
    private static final int ATTEMPTS = 5;

    @TempDir
    Path dir;

    @Test
    void aPortTakenAfterTheChecksStopsTheStartAndLeavesNothingOpen() throws Exception {
        StartupFixture fixture = StartupFixture.create(dir.resolve("net"));
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            NodeConfig config = StartupFixture.withDataDir(fixture.node1(), dir.resolve("data-" + attempt));
            Endpoint metrics = config.metricsListen().orElseThrow();
            Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
            // The metrics server binds last; the store's LOCK file appears when the store opens, after the checks.
            CompletableFuture<ServerSocket> thief = CompletableFuture.supplyAsync(
                    () -> takeWhenStoreOpens(config.dataDir().resolve("LOCK"), metrics));
            Node started = null;
            try {
                started = Node.start(config);
            } catch (ConfigException e) {
                try (ServerSocket taken = thief.get(20, TimeUnit.SECONDS)) {
                    assertEquals("metrics_listen: " + metrics + " is already in use by another process; fix: stop the"
                            + " process listening there ('ss -ltnp' names it) or choose another port for"
                            + " metrics_listen", e.getMessage());
                    assertNothingLeftOpen(config, before);
                    return;
                }
            } finally {
                if (started != null) {
                    // The node won the race this time: stop it and try again.
                    started.close();
                    thief.get(20, TimeUnit.SECONDS).close();
                }
            }
        }
        fail("the port was never taken between the checks and the bind in " + ATTEMPTS + " attempts");
    }

    private static void assertNothingLeftOpen(NodeConfig config, Set<Thread> before) throws Exception {
        try (RocksLedgerStore reopened = RocksLedgerStore.open(config.dataDir())) {
            assertTrue(reopened.genesisMarker().isPresent(), "the store was opened and closed again");
        }
        for (Endpoint e : List.of(config.peerListen(), config.apiListen())) {
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress(e.host(), e.port()));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Set<String> left = startedSince(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = startedSince(before);
        }
        assertEquals(Set.of(), left, "threads the failed start left running");
    }

    /**
     * Threads alive now that were not before, except JDK- and library-wide ones
     * that outlive any one user by design (gRPC's shared-resource timer, the
     * common fork-join pool, the JDK's reaper of child processes, which Netty's
     * start-up probes may start).
     */
    private static Set<String> startedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(name -> !name.startsWith("grpc-shared-destroyer") && !name.startsWith("ForkJoinPool")
                        && !name.equals("process reaper"))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Polls for {@code lock} every millisecond (20 s at most), then listens on {@code where}. */
    private static ServerSocket takeWhenStoreOpens(Path lock, Endpoint where) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(lock)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the store never opened");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(where.host(), where.port()));
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot take " + where, e);
        }
    }
}
