package io.meshledger.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.node.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An auditor's offline check, end to end: records are published to a running
 * 4-node network, a record, a transaction and the absence of a record are
 * fetched with {@code --proof}, then every node is killed and
 * {@code proof verify} checks each file with the genesis file alone:
 * {@code VALID}; a copy with one byte changed is {@code INVALID} (exit 1).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProofE2ETest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATA = "{\"t\":21.5,\"unit\":\"C\"}";

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    @Test
    void proofsFetchedFromTheNetworkVerifyOfflineAfterEveryNodeIsGoneAndATamperedOneDoesNot()
            throws IOException, InterruptedException {
        cluster.init(dir).startAll();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitUp(i, START);
        }
        cluster.awaitHeight(cluster.allNodes(), 1, START);

        json(ok(cli("org1/publisher", "dataset", "create", "--id", "sensors", "--visibility", "restricted")));
        JsonNode published = json(ok(cli("org1/publisher", "publish", "--dataset", "sensors", "--record", "r1",
                "--data", DATA)));
        String txId = published.get("tx_id").asText();

        Path record = dir.resolve("r1.proof");
        Path tx = dir.resolve("tx.proof");
        Path absent = dir.resolve("absent.proof");
        JsonNode read = json(ok(cli("org1/publisher", "get", "record", "--dataset", "sensors", "--record", "r1",
                "--proof", record.toString())));
        assertEquals(sha256Hex(DATA), read.at("/version/content_hash").asText(), read.toString());
        ok(cli("org1/publisher", "get", "tx", txId, "--proof", tx.toString()));
        // An older version is proven next to the latest one, at one certified height.
        Path older = dir.resolve("r2-v1.proof");
        for (String data : List.of("{\"t\":1}", "{\"t\":2}")) {
            json(ok(cli("org1/publisher", "publish", "--dataset", "sensors", "--record", "r2", "--data", data)));
        }
        // Reads are proven at the newest certified height, which trails commits by a block or two: wait (bounded)
        // until version 2 is certified, so that version 1 is an older version there.
        long deadline = System.nanoTime() + START.toNanos();
        JsonNode latestR2 = json(ok(cli("org1/publisher", "get", "record", "--dataset", "sensors", "--record", "r2",
                "--proof", older.toString())));
        while (latestR2.at("/version/version").asLong() != 2) {
            assertTrue(System.nanoTime() < deadline, "version 2 never certified: " + latestR2);
            Thread.sleep(200);
            latestR2 = json(ok(cli("org1/publisher", "get", "record", "--dataset", "sensors", "--record", "r2",
                    "--proof", older.toString())));
        }
        JsonNode olderRead = json(ok(cli("org1/publisher", "get", "record", "--dataset", "sensors", "--record", "r2",
                "--version", "1", "--proof", older.toString())));
        assertEquals(1, olderRead.at("/version/version").asLong(), olderRead.toString());
        JsonNode missing = json(ok(cli("org1/publisher", "get", "record", "--dataset", "sensors", "--record", "r404",
                "--proof", absent.toString())));
        assertEquals(false, missing.get("found").asBoolean(), missing.toString());
        Result anonymous = cli(null, "get", "record", "--dataset", "sensors", "--record", "r1", "--proof",
                dir.resolve("denied.proof").toString());
        assertEquals(1, anonymous.code(), anonymous.toString());
        assertTrue(anonymous.err().startsWith("error: PERMISSION_DENIED"), anonymous.toString());

        // The CLI's subscription: the owner sees the restricted dataset's events, an anonymous subscriber does not.
        Result events = ok(cli("org1/publisher", "subscribe", "--dataset", "sensors", "--limit", "2"));
        List<JsonNode> lines = events.out().lines().map(ProofE2ETest::parse).toList();
        assertEquals(List.of("DatasetCreated", "RecordPublished"),
                lines.stream().map(l -> l.at("/event/type").asText()).toList(), events.toString());
        assertEquals("sensors/r1", lines.get(1).get("key_text").asText(), events.toString());
        assertEquals(txId, lines.get(1).get("tx_id").asText(), events.toString());
        json(ok(cli("org2/publisher", "dataset", "create", "--id", "open", "--visibility", "public")));
        JsonNode firstVisible = json(ok(cli(null, "subscribe", "--contract", "publication", "--limit", "1")));
        assertEquals("DatasetCreated", firstVisible.at("/event/type").asText(), firstVisible.toString());
        assertEquals("open", firstVisible.get("key_text").asText(), "anonymous subscribers skip the restricted "
                + "dataset's events: " + firstVisible);

        cluster.killAll();
        Path genesis = cluster.dir().resolve("genesis.json");

        JsonNode recordFacts = verified(genesis, record);
        // The record's latest version is one key: one entry proves it whole.
        assertEquals(1, recordFacts.get("entries").size(), recordFacts.toString());
        assertEquals("rec/sensors/r1/latest", recordFacts.at("/entries/0/key").asText(), recordFacts.toString());
        JsonNode version = recordFacts.at("/entries/0/decoded");
        assertEquals("r1", version.get("record_id").asText(), recordFacts.toString());
        assertEquals(sha256Hex(DATA), version.get("content_hash").asText(), recordFacts.toString());
        assertEquals(txId, version.get("tx_id").asText(), recordFacts.toString());
        assertEquals(3, recordFacts.at("/certified/signers").size(), recordFacts.toString());

        JsonNode olderFacts = verified(genesis, older);
        assertEquals(2, olderFacts.get("entries").size(), olderFacts.toString());
        assertEquals(2, olderFacts.at("/entries/0/decoded/version").asLong(), "the latest: " + olderFacts);
        assertEquals(1, olderFacts.at("/entries/1/decoded/version").asLong(), "the asked-for one: " + olderFacts);
        assertEquals("{\"t\":1}", olderFacts.at("/entries/1/decoded/payload").asText(), olderFacts.toString());

        JsonNode txFacts = verified(genesis, tx);
        assertEquals(txId, txFacts.at("/transaction/tx_id").asText(), txFacts.toString());
        assertEquals("org1/publisher", txFacts.at("/transaction/sender").asText(), txFacts.toString());
        assertEquals("SUCCESS", txFacts.at("/transaction/receipt/status").asText(), txFacts.toString());
        assertEquals(published.get("height").asLong(), txFacts.at("/transaction/height").asLong(), txFacts.toString());

        JsonNode absentFacts = verified(genesis, absent);
        assertEquals(false, absentFacts.at("/entries/0/present").asBoolean(), absentFacts.toString());

        Result text = cli(null, "proof", "verify", "--genesis", genesis.toString(), record.toString());
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().startsWith("VALID"), text.toString());

        byte[] bytes = Files.readAllBytes(record);
        bytes[bytes.length / 2] ^= 0x01;
        Path tampered = dir.resolve("tampered.proof");
        Files.write(tampered, bytes);
        Result bad = cli(null, "proof", "verify", "--genesis", genesis.toString(), tampered.toString());
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(bad.out().startsWith("INVALID: "), bad.toString());
    }

    private static JsonNode verified(Path genesis, Path proof) {
        Result r = cli(null, "proof", "verify", "--genesis", genesis.toString(), proof.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode facts = json(r);
        assertEquals("VALID", facts.get("verdict").asText(), r.toString());
        return facts;
    }

    record Result(String command, int code, String out, String err) {
        @Override
        public String toString() {
            return "`" + command + "` exited " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs the CLI in this JVM; network commands get {@code --network D --json} and {@code --as who}. */
    private static Result cli(String who, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!args[0].equals("proof")) {
            all.addAll(List.of("--network", cluster.dir().toString(), "--json"));
        }
        if (who != null) {
            all.addAll(List.of("--as", who));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Main.run(o, e, all.toArray(String[]::new));
        }
        return new Result(String.join(" ", all), code, out.toString(), err.toString());
    }

    private static Result ok(Result r) {
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    private static JsonNode json(Result r) {
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r, e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static String sha256Hex(String s) {
        return Hashing.sha256(s.getBytes(StandardCharsets.UTF_8)).toHex();
    }
}
