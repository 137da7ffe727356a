package io.meshledger.tests;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to a node of a 4-node network under load: its health turns
 * NOT_SERVING, it exits 0 within 5 s saying at which height it stopped, the
 * others keep committing (view changes past the rounds it would lead, the peer
 * shown lost), and restarted on its data directory it resumes at exactly that
 * height and rejoins (the others tell the peer is back).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ShutdownE2ETest {
    private static final int LOAD_TX_PER_SECOND = 300;
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(5);
    private static final Pattern STOPPED = Pattern.compile("Node (node\\d) stopped cleanly at height (\\d+) \\(round"
            + " \\d+\\) in (\\d+) ms");
    private static final Pattern RESUMES = Pattern.compile("Node (node\\d) resumes at height (\\d+) ");

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    @Test
    void sigtermUnderLoadExitsZeroWithinFiveSecondsAndTheNodeResumesAtTheSameHeightAndRejoins() throws Exception {
        cluster.init(dir).startAll();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitUp(i, Duration.ofSeconds(60));
        }
        cluster.awaitHeight(cluster.allNodes(), 1, Duration.ofSeconds(60));
        Scrapes scrapes = new Scrapes(cluster);
        int victim = 2;
        String name = cluster.name(victim);
        List<Integer> others = cluster.except(victim);

        try (Load.Background load = new Load(cluster).background(LOAD_TX_PER_SECOND)) {
            long start = cluster.height(victim);
            cluster.awaitHeight(cluster.allNodes(), start + 10, Duration.ofSeconds(60));
            LocalCluster.waitUntil(name + " has transactions in flight", Duration.ofSeconds(30),
                    () -> scrapes.metrics(victim).require("meshledger_commit_latency_seconds_count") > 0);

            BlockingQueue<ServingStatus> health = new LinkedBlockingQueue<>();
            ManagedChannel channel = scrapes.healthChannel(victim);
            try {
                HealthGrpc.newStub(channel).watch(HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(HealthCheckResponse r) {
                        health.add(r.getStatus());
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
                assertEquals(ServingStatus.SERVING, health.poll(10, TimeUnit.SECONDS));

                long sent = System.nanoTime();
                int exit = cluster.stop(victim, Duration.ofSeconds(15));
                Duration took = Duration.ofNanos(System.nanoTime() - sent);
                assertEquals(0, exit, name + " exit code after SIGTERM");
                assertTrue(took.compareTo(EXIT_WITHIN) < 0, name + " took " + took + " to exit after SIGTERM");
                assertEquals(ServingStatus.NOT_SERVING, health.poll(1, TimeUnit.SECONDS),
                        "health watchers hear NOT_SERVING when the stop begins");
                System.out.println(name + " exited 0 " + took.toMillis() + " ms after SIGTERM");
            } finally {
                channel.shutdownNow();
            }
            Matcher stopped = last(victim, STOPPED);
            long stoppedAt = Long.parseLong(stopped.group(2));
            assertTrue(stoppedAt > start, "stopped at height " + stoppedAt);

            // The others go on without it: rounds it would lead end in view changes; it is shown as lost.
            cluster.awaitHeight(others, stoppedAt + 5, Duration.ofSeconds(60));
            LocalCluster.waitUntil("a view change past " + name + "'s rounds", Duration.ofSeconds(60),
                    () -> others.stream().anyMatch(i ->
                            scrapes.metrics(i).require("meshledger_consensus_view_changes_total") > 0));
            for (int i : others) {
                assertEquals(0, scrapes.metrics(i).require("meshledger_peer_connected", Map.of("peer", name)),
                        cluster.name(i) + " still sees " + name);
                assertEquals(2, scrapes.metrics(i).require("meshledger_peers_connected"));
            }

            cluster.start(victim);
            cluster.awaitUp(victim, Duration.ofSeconds(60));
            assertEquals(stoppedAt, Long.parseLong(last(victim, RESUMES).group(2)),
                    name + " resumes where it stopped");
            long othersAtRestart = others.stream().mapToLong(cluster::height).max().orElseThrow();
            cluster.awaitHeight(List.of(victim), othersAtRestart + 5, Duration.ofSeconds(90));
            LocalCluster.waitUntil("the others see " + name + " again", Duration.ofSeconds(30),
                    () -> others.stream().allMatch(i -> scrapes.metrics(i)
                            .require("meshledger_peer_connected", Map.of("peer", name)) == 1));
            cluster.assertRunning(cluster.allNodes());
            System.out.println("after restart: " + cluster.heights() + "; " + load);
        }

        for (int i : others) {
            assertTrue(cluster.grep(i, "Peer " + name + " lost (").size() >= 1, cluster.name(i) + " did not say "
                    + name + " was lost");
            assertTrue(cluster.grep(i, "Peer " + name + " back after ").size() >= 1, cluster.name(i)
                    + " did not say " + name + " was back");
        }
    }

    /** The last line of {@code node}'s log matching {@code pattern}, matched. */
    private static Matcher last(int node, Pattern pattern) {
        List<String> lines = cluster.grep(node, "").stream().filter(l -> pattern.matcher(l).find()).toList();
        assertTrue(!lines.isEmpty(), cluster.name(node) + " logged no line like " + pattern + "\n"
                + cluster.tail(node, 30));
        Matcher m = pattern.matcher(lines.getLast());
        assertTrue(m.find());
        return m;
    }
}
