package io.meshledger.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.meshledger.client.TransactionFactory;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.cli.Main;
import io.meshledger.node.mempool.RejectReason;
import io.meshledger.node.metrics.PrometheusText;
import io.meshledger.proto.v1.SubmitOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees of a running 4-node network after some load and a
 * refused transaction: every node's Prometheus page carries the series the
 * operators' issue names with sane values, its gRPC health says SERVING, its
 * log lines carry node, height and round, and {@code meshledger status} shows a
 * row per node.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ObservabilityE2ETest {
    private static final int TRANSACTIONS = 400;
    /** {@code 2025-01-31 14:02:07.123 INFO  node1 h=120 r=345 [thread] Logger - message}. */
    private static final Pattern LOG_LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) (node\\d) h=(\\d+|-) r=(\\d+|-)"
                    + " \\[[^\\]]+] \\S+ - .*");

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    @Test
    void everyNodeServesTheNamedSeriesItsHealthAndOneLineLogsWithNodeHeightAndRound() throws Exception {
        cluster.init(dir).startAll();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitUp(i, Duration.ofSeconds(60));
        }
        cluster.awaitHeight(cluster.allNodes(), 1, Duration.ofSeconds(60));

        Load load = new Load(cluster);
        long seen = cluster.allNodes().stream().mapToLong(cluster::height).max().orElseThrow();
        load.submitRoundRobin(load.transactions(TRANSACTIONS, seen), 50, cluster.allNodes());
        // A transaction whose expiry height has passed is refused at admission with EXPIRED.
        SignedTransaction expired = new TransactionFactory(cluster.chainId(), cluster.user("org1", "publisher"),
                new SecureRandom()).create(Load.CONTRACT, Load.METHOD, new byte[8], 1);
        cluster.awaitHeight(List.of(0), 2, Duration.ofSeconds(30));
        SubmitOutcome refused = cluster.client(0).submitBatch(List.of(expired)).getOutcomes(0);
        assertFalse(refused.getAccepted(), refused.toString());
        assertEquals("EXPIRED", refused.getReason());

        Scrapes scrapes = new Scrapes(cluster);
        LocalCluster.waitUntil("every node committed the " + TRANSACTIONS + " transactions and sees its 3 peers",
                Duration.ofSeconds(90), () -> cluster.allNodes().stream().allMatch(i -> {
                    PrometheusText m = scrapes.metrics(i);
                    return m.require("meshledger_committed_transactions_total") >= TRANSACTIONS
                            && m.require("meshledger_peers_connected") == 3;
                }), () -> "(heights " + cluster.heights() + ")");

        for (int node : cluster.allNodes()) {
            String name = cluster.name(node);
            PrometheusText m = scrapes.metrics(node);
            Map<String, String> self = Map.of("node", name);
            assertTrue(m.require("meshledger_ledger_height", self) > 1, name + " height");
            assertTrue(m.require("meshledger_consensus_round") > 1, name + " round");
            assertTrue(m.require("meshledger_consensus_view_changes_total") >= 0, name + " view changes");
            assertTrue(m.require("meshledger_consensus_local_timeouts_total") >= 0, name + " local timeouts");
            assertTrue(m.require("meshledger_mempool_transactions") >= 0, name + " mempool");
            assertTrue(m.require("meshledger_admission_accepted_total") > 0, name + " admissions");
            assertEquals(RejectReason.values().length, m.samples("meshledger_admission_rejected_total").size(),
                    name + " rejection reasons");
            // Round-robin submission: every node admitted transactions and timed them to their commit.
            assertTrue(m.require("meshledger_commit_latency_seconds_count") > 0, name + " commit latency count");
            assertTrue(m.require("meshledger_commit_latency_seconds_sum") > 0, name + " commit latency sum");
            assertTrue(m.require("meshledger_commit_latency_seconds_bucket", Map.of("le", "+Inf"))
                    == m.require("meshledger_commit_latency_seconds_count"), name + " histogram +Inf bucket");
            assertTrue(m.require("meshledger_block_commit_delay_seconds_count") > 0, name + " block commit delay");
            assertTrue(m.require("meshledger_rocksdb_memtable_bytes", Map.of("family", "blocks")) > 0,
                    name + " RocksDB memtable bytes");
            assertTrue(m.value("meshledger_rocksdb_sst_bytes", Map.of("family", "blocks")).isPresent(),
                    name + " RocksDB SST bytes");
            assertTrue(m.value("meshledger_rocksdb_live_data_bytes", Map.of("family", "state_values")).isPresent(),
                    name + " RocksDB live data");
            assertEquals(3, m.require("meshledger_peers_connected"), name + " peers");
            for (int other : cluster.except(node)) {
                assertEquals(1, m.require("meshledger_peer_connected", Map.of("peer", cluster.name(other))),
                        name + " sees " + cluster.name(other));
            }
            assertEquals(1, m.require("meshledger_certifying"), name + " certifying");
            assertEquals(ServingStatus.SERVING, scrapes.health(node), name + " health");
        }
        assertEquals(1, scrapes.metrics(0).require("meshledger_admission_rejected_total", Map.of("reason", "EXPIRED")));

        // One line per event, each with the node's name, height and round; start-up told at INFO.
        for (int node : cluster.allNodes()) {
            String name = cluster.name(node);
            List<String> all = Files.readAllLines(cluster.logFile(node), StandardCharsets.UTF_8);
            assertTrue(all.stream().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")),
                    name + " logged a stack trace");
            List<String> logged = all.stream().filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\d .*")).toList();
            assertFalse(logged.isEmpty(), name + " logged nothing");
            for (String line : logged) {
                assertTrue(LOG_LINE.matcher(line).matches(), name + ": not a one-line event: " + line);
            }
            assertTrue(logged.stream().anyMatch(l -> l.matches(".* INFO  " + name + " h=\\d+ r=\\d+ .*Node - Node "
                    + name + " \\(org\\d\\) up: .*")), name + " has no start-up line");
            assertTrue(logged.stream().anyMatch(l -> l.contains("Peer ") && l.endsWith(" connected")),
                    name + " did not say when its peers connected");
            assertTrue(logged.stream().noneMatch(l -> l.contains("stream open")), name + " logs every stream open");
        }

        // meshledger status: a row per node, all up; JSON keeps its keys.
        String table = status();
        for (int node : cluster.allNodes()) {
            assertTrue(table.lines().anyMatch(l -> l.startsWith(cluster.name(node) + " ") && l.contains(" up ")
                    && l.contains(" 3/3 ")), table);
        }
        JsonNode rows = new ObjectMapper().readTree(status("--json"));
        assertEquals(cluster.size(), rows.size());
        for (JsonNode row : rows) {
            for (String key : List.of("node", "height", "round", "peers", "state_root", "view_changes",
                    "certified_height", "uptime_seconds", "version")) {
                assertTrue(row.has(key), "status --json lacks " + key + ": " + row);
            }
        }
        System.out.println(table);
        System.out.println(scrapes.metrics(0).samples("meshledger_commit_latency_seconds_bucket"));
    }

    private static String status(String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("status", "--network", cluster.dir().toString()));
        args.addAll(List.of(extra));
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertEquals(0, code, err.toString());
        return out.toString();
    }
}
