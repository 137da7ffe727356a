package io.meshledger.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshledger.node.cli.Main;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.storage.StoreTampering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code meshledger audit} on a real node's data directory: four node
 * processes commit published records; while they run, the audit refuses the
 * directory a node holds; once they are stopped, the audit of one node's ledger
 * passes, and the audit of a copy with one byte of one stored block flipped
 * fails naming that height.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AuditE2ETest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final int RECORDS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    @Test
    void aStoppedNodesLedgerAuditsCleanAndAFlippedBlockByteIsNamedByItsHeight() throws Exception {
        cluster.init(dir).startAll();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitUp(i, START);
        }
        write(0, "dataset", "create", "--id", "sensors", "--visibility", "public");
        List<Long> heights = new ArrayList<>();
        for (int r = 0; r < RECORDS; r++) {
            heights.add(write(r % cluster.size(), "publish", "--dataset", "sensors", "--record", "station-" + r,
                    "--data", "{\"t\":" + (20 + r) + "}"));
        }
        cluster.awaitHeight(cluster.allNodes(), heights.getLast(), START);
        NodeConfig node = cluster.config(0);
        Path data = node.dataDir();
        String genesis = cluster.dir().resolve("genesis.json").toString();

        Launcher.Result busy = Launcher.run(60, "audit", "--data", data.toString(), "--genesis", genesis);
        assertEquals(2, busy.exitCode(), "auditing a running node's directory: " + busy);
        assertTrue(busy.err().contains("in use by a running node"), busy.toString());

        for (int i = 0; i < cluster.size(); i++) {
            cluster.stop(i, Duration.ofSeconds(20));
        }
        Launcher.Result clean = Launcher.run(60, "audit", "--data", data.toString(), "--genesis", genesis);
        assertEquals(0, clean.exitCode(), clean.toString());
        assertTrue(clean.out().strip().endsWith("AUDIT OK"), clean.toString());
        assertTrue(clean.out().contains("transactions checked:   " + (RECORDS + 1)), clean.toString());

        long tampered = heights.get(RECORDS / 2);
        Path copy = copy(data, dir.resolve("tampered-data"));
        // Inside the block's last transaction body: its id, and so the block's transactions root, changes
        // (or the transaction no longer decodes); either way that height is bad.
        StoreTampering.editBlock(copy, tampered, bytes -> StoreTampering.flip(bytes, -80));
        Launcher.Result failed = Launcher.run(60, "audit", "--data", copy.toString(), "--genesis", genesis,
                "--json");
        assertEquals(1, failed.exitCode(), failed.toString());
        JsonNode summary = JSON.readTree(failed.out());
        assertEquals(tampered, summary.at("/finding/height").asLong(), failed.toString());
        assertEquals("BLOCK", summary.at("/finding/kind").asText(), failed.toString());
        assertTrue(failed.err().strip().startsWith("AUDIT FAILED at height " + tampered + ": "), failed.toString());
    }

    /** A write through the CLI that must commit; returns its height. */
    private static long write(int node, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        NodeConfig c = cluster.config(node);
        all.addAll(List.of("--network", cluster.dir().toString(), "--as", "org1/publisher", "--json",
                "--node", c.apiListen().host() + ":" + c.apiListen().port()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        assertEquals(0, code, String.join(" ", args) + ": " + out + err);
        long height = JSON.readTree(out.toString()).get("height").asLong();
        assertTrue(height > 0, out.toString());
        return height;
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
