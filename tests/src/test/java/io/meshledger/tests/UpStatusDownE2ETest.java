package io.meshledger.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's local loop through {@code bin/meshledger}: {@code up} starts
 * every node as a background process and returns once they commit,
 * {@code status} reports them (table and JSON), {@code down} stops them with
 * SIGTERM, each cleanly, and {@code status} then shows them down.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UpStatusDownE2ETest {
    @TempDir
    Path dir;

    @Test
    void upStartsACommittingNetworkStatusReportsItAndDownStopsEveryNodeCleanly() throws Exception {
        // Free ports, written the way `network init` writes them; `up` starts what it finds there.
        Path net = new LocalCluster(4).init(dir).dir();
        List<Long> pids = new ArrayList<>();
        try {
            Launcher.Result up = Launcher.run(180, "up", "--dir", net.toString());
            assertEquals(0, up.exitCode(), up.out() + up.err());
            assertTrue(up.out().contains("All 4 nodes are committing"), up.out());
            for (int n = 1; n <= 4; n++) {
                pids.add(Long.parseLong(Files.readString(net.resolve("nodes/node" + n + "/node.pid")).strip()));
            }

            Launcher.Result table = Launcher.run(60, "status", "--network", net.toString());
            assertEquals(0, table.exitCode(), table.err());
            for (int n = 1; n <= 4; n++) {
                String node = "node" + n;
                assertTrue(table.out().lines().anyMatch(l -> l.startsWith(node) && l.contains("up")), table.out());
            }
            Launcher.Result json = Launcher.run(60, "status", "--network", net.toString(), "--json");
            JsonNode rows = new ObjectMapper().readTree(json.out());
            assertEquals(4, rows.size(), json.out());
            for (JsonNode row : rows) {
                assertTrue(row.path("height").asLong() >= 1, row.toString());
                assertTrue(row.path("peers").asInt() >= 2, row.toString());
                assertFalse(row.path("state_root").asText().isEmpty(), row.toString());
            }

            Launcher.Result down = Launcher.run(120, "down", "--dir", net.toString());
            assertEquals(0, down.exitCode(), down.out() + down.err());
            for (long pid : pids) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " runs");
            }
            for (int n = 1; n <= 4; n++) {
                String log = Files.readString(net.resolve("nodes/node" + n + "/node.log"));
                assertTrue(log.contains("stopped cleanly at height"), "node" + n + ":\n" + log);
                assertFalse(Files.exists(net.resolve("nodes/node" + n + "/node.pid")));
            }
            Launcher.Result after = Launcher.run(60, "status", "--network", net.toString(), "--json");
            for (JsonNode row : new ObjectMapper().readTree(after.out())) {
                assertFalse(row.path("up").asBoolean(), row.toString());
            }
        } finally {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}
