package io.meshledger.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code meshledger bench} as a user runs it: a real network, real load, a JSON summary on the last line. */
class BenchCommandTest {
    @Test
    void aShortBenchCommitsItsLoadAndEndsWithTheJsonSummary() throws Exception {
        Launcher.Result r = Launcher.run(600, "bench", "--nodes", "4", "--duration", "4", "--warmup", "1",
                "--rate", "200", "--payload", "200");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        List<String> lines = r.out().strip().lines().toList();
        JsonNode summary = new ObjectMapper().readTree(lines.getLast());
        for (String field : List.of("committed", "tps", "p50_ms", "p99_ms", "cpu_ms_per_tx", "nodes", "payload",
                "offered", "backlog_start", "backlog_end")) {
            assertTrue(summary.has(field), "missing " + field + " in " + summary);
        }
        assertEquals(4, summary.get("nodes").asInt());
        assertEquals(200, summary.get("payload").asInt());
        assertTrue(summary.get("committed").asLong() > 0, summary.toString());
        assertTrue(summary.get("cpu_ms_per_tx").asDouble() > 0, summary.toString());
        assertTrue(summary.get("p99_ms").asLong() >= summary.get("p50_ms").asLong(), summary.toString());
    }

    @Test
    void aClosedLoopNeverHoldsMoreUncommittedThanItsBatchesInFlight() throws Exception {
        Launcher.Result r = Launcher.run(600, "bench", "--nodes", "4", "--duration", "4", "--warmup", "1",
                "--closed-loop", "2", "--batch", "50", "--workload", "none", "--keep");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Path kept = keptNetwork(r.err());
        try {
            // Every transaction is signed before the load with one expiry height, so the bench network must let
            // them live for any run, far past the default window of 10,000 blocks (about 18 minutes under load).
            JsonNode genesis = new ObjectMapper().readTree(kept.resolve("genesis.json").toFile());
            assertEquals(1_000_000, genesis.get("limits").get("expiry_window").asLong(), genesis.toString());
        } finally {
            deleteTree(kept);
        }
        JsonNode summary = new ObjectMapper().readTree(r.out().strip().lines().toList().getLast());
        assertEquals("closed-loop 2", summary.get("mode").asText());
        assertTrue(summary.get("committed").asLong() > 0, summary.toString());
        // Two batches of 50 at most are offered and not yet committed: a loop that waited only for admission
        // would have thousands outstanding by now.
        assertTrue(summary.get("backlog_start").asLong() <= 100, summary.toString());
        assertTrue(summary.get("backlog_end").asLong() <= 100, summary.toString());
        assertTrue(summary.get("offered").asLong() > 100, summary.toString());
    }

    private static Path keptNetwork(String err) {
        Matcher m = Pattern.compile("bench: network kept in (\\S+)").matcher(err);
        assertTrue(m.find(), "no kept network in: " + err);
        return Path.of(m.group(1));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
