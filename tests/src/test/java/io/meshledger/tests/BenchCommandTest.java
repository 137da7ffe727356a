package io.meshledger.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

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
                "--closed-loop", "2", "--batch", "50", "--workload", "none");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode summary = new ObjectMapper().readTree(r.out().strip().lines().toList().getLast());
        assertEquals("closed-loop 2", summary.get("mode").asText());
        assertTrue(summary.get("committed").asLong() > 0, summary.toString());
        // Two batches of 50 at most are offered and not yet committed: a loop that waited only for admission
        // would have thousands outstanding by now.
        assertTrue(summary.get("backlog_start").asLong() <= 100, summary.toString());
        assertTrue(summary.get("backlog_end").asLong() <= 100, summary.toString());
        assertTrue(summary.get("offered").asLong() > 100, summary.toString());
    }
}
