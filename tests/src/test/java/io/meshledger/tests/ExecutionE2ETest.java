package io.meshledger.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.meshledger.contracts.publication.PublicationKeys;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.node.cli.Main;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.proto.v1.GetStateResponse;
import io.meshledger.proto.v1.Receipt;
import io.meshledger.proto.v1.ReceiptStatus;
import io.meshledger.proto.v1.StatusResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Execution and the system contracts end to end: four node processes, driven
 * through the CLI ({@code Main.run} in this JVM, one command per call, each
 * against a chosen node's API or failing over). A restricted dataset refuses
 * readers and writers without grants (the refused write commits with a failed
 * receipt), honours a read grant until it is revoked, and every node executes
 * every block to the same state: same blocks, same certified digests, same
 * state roots, also on a node killed with SIGKILL that catches up by block sync
 * (the other three are restarted meanwhile, so it cannot catch up from their
 * in-memory proposals). The tests share one network and run in order; writes
 * wait until every running node executed them, so a read through another node
 * sees them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ExecutionE2ETest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final Duration CATCH_UP = Duration.ofSeconds(90);
    private static final String DATASET = "sensors";
    private static final String RECORD = "station-7";
    private static final List<String> VERSIONS = List.of(
            "{\"t\":21.5,\"unit\":\"C\"}", "{\"t\":22.0,\"unit\":\"C\"}", "{\"t\":19.75,\"unit\":\"C\"}");
    private static final String FOURTH_VERSION = "{\"t\":18.5,\"unit\":\"C\"}";
    private static final String FIFTH_VERSION = "{\"t\":18.0,\"unit\":\"C\"}";
    private static final Pattern FAILED_TX = Pattern.compile("transaction ([0-9a-f]{64}) committed at height (\\d+)");
    /** How many blocks below its tip a killed node may have committed without having certified them. */
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    /** Heights at which this class' transactions committed. */
    private static final List<Long> txHeights = new ArrayList<>();

    @BeforeAll
    static void startNetwork() {
        cluster.init(dir).startAll();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitUp(i, START);
        }
        cluster.awaitHeight(cluster.allNodes(), 1, START);
    }

    @Test
    @Order(1)
    void anOwnerPublishesThreeVersionsThroughDifferentNodesAndReadsThemBackInOrder() {
        JsonNode created = write(0, "org1/publisher", "dataset", "create", "--id", DATASET, "--visibility", "restricted");
        assertEquals(DATASET, created.at("/result/dataset_id").asText(), created.toString());
        assertEquals("VISIBILITY_RESTRICTED", created.at("/result/visibility").asText(), created.toString());
        assertEquals("org1", created.at("/result/owner/org").asText(), created.toString());

        for (int v = 1; v <= VERSIONS.size(); v++) {
            int node = v - 1;
            JsonNode published = write(node, "org1/publisher", "publish", "--dataset", DATASET, "--record", RECORD,
                    "--data", VERSIONS.get(v - 1));
            assertEquals(v, published.at("/result/version").asLong(), "version published through "
                    + cluster.name(node) + ": " + published);
            assertEquals(RECORD, published.at("/result/record_id").asText(), published.toString());
            assertTrue(published.get("gas_used").asLong() > 0, "a publish uses gas: " + published);
        }

        List<JsonNode> history = lines(ok(cli(3, "org1/publisher", "history", "--dataset", DATASET, "--record", RECORD)));
        assertEquals(3, history.size(), "history lines: " + history);
        for (int v = 1; v <= VERSIONS.size(); v++) {
            JsonNode version = history.get(v - 1);
            assertEquals(v, version.get("version").asLong(), version.toString());
            assertEquals(sha256Hex(VERSIONS.get(v - 1)), version.get("content_hash").asText(),
                    "content hash of version " + v);
            assertEquals(VERSIONS.get(v - 1), version.get("payload").asText(), "payload of version " + v);
            assertEquals("org1", version.at("/publisher/org").asText(), version.toString());
            assertEquals("publisher", version.at("/publisher/name").asText(), version.toString());
            assertEquals(v == 1 ? 0 : v - 1, version.get("supersedes_version").asLong(), version.toString());
        }
        assertTrue(history.get(0).get("height").asLong() < history.get(1).get("height").asLong()
                && history.get(1).get("height").asLong() < history.get(2).get("height").asLong(),
                "versions commit at increasing heights: " + history);
    }

    @Test
    @Order(2)
    void anotherOrganisationCanNeitherReadNorWriteTheRestrictedDatasetAndTheRefusedWriteCommitsAsAFailure() {
        Result read = cli(1, "org2/auditor", "get", "record", "--dataset", DATASET, "--record", RECORD);
        assertRefused(read, "org2/auditor reading " + DATASET);

        Result write = cli(2, "org2/publisher", "publish", "--dataset", DATASET, "--record", RECORD,
                "--data", "{\"t\":-40}");
        assertRefused(write, "org2/publisher publishing to " + DATASET);
        Matcher m = FAILED_TX.matcher(write.err());
        assertTrue(m.find(), "the refusal names the committed transaction: " + write.err());
        String txId = m.group(1);
        long height = Long.parseLong(m.group(2));
        txHeights.add(height);
        awaitExecutedEverywhere(height);

        // The failed receipt, as the CLI shows it (through another node) and as the API serves it (through a third).
        JsonNode tx = single(ok(cli(3, "org2/publisher", "get", "tx", txId)));
        assertEquals("FAILED", tx.at("/receipt/status").asText(), tx.toString());
        assertEquals("PERMISSION_DENIED", tx.at("/receipt/failure_code").asText(), tx.toString());
        assertEquals(height, tx.at("/location/height").asLong(), tx.toString());
        assertEquals("", tx.at("/receipt/result").asText(), "a failed transaction returns nothing: " + tx);
        // The dataset's owner reads it through the SDK (a signed read authorisation; anonymous callers are refused).
        io.meshledger.core.receipt.Receipt receipt;
        try (var owner = io.meshledger.client.Meshledger.connect(cluster.dir(), "org1", "publisher")) {
            receipt = owner.queries().transaction(Hash.fromHex(txId)).receipt().orElseThrow();
        }
        assertFalse(receipt.succeeded(), receipt.toString());
        assertEquals("PERMISSION_DENIED", receipt.failureCode(), receipt.toString());
        assertTrue(receipt.failureMessage().contains("org2/publisher"), receipt.failureMessage());
        assertTrue(receipt.gasUsed() > 0, "a failed transaction still pays gas: " + receipt);
        assertEquals("PERMISSION_DENIED", io.meshledger.client.LedgerClient.reasonOf(org.junit.jupiter.api.Assertions
                .assertThrows(io.grpc.StatusRuntimeException.class,
                        () -> cluster.client(0).transaction(Hash.fromHex(txId), false))),
                "an anonymous caller may not read a write to a restricted dataset");

        // ... and changed nothing: the latest version is still the owner's third.
        JsonNode latest = single(ok(cli(0, "org1/publisher", "get", "record", "--dataset", DATASET, "--record", RECORD)));
        assertEquals(3, latest.get("version").asLong(), latest.toString());
        assertEquals(VERSIONS.get(2), latest.get("payload").asText(), latest.toString());
    }

    @Test
    @Order(3)
    void aReadGrantLetsTheAuditorReadTheLatestVersionUntilItIsRevoked() {
        JsonNode granted = write(1, "org1/publisher", "grant", "--dataset", DATASET, "--to", "org2/auditor",
                "--right", "read");
        assertEquals("org2/auditor", granted.at("/result/grantee/identity").asText(), granted.toString());
        assertEquals("RIGHT_READ", granted.at("/result/right").asText(), granted.toString());

        // Read through a node other than the one that took the grant: it has executed the grant too.
        JsonNode read = single(ok(cli(2, "org2/auditor", "get", "record", "--dataset", DATASET, "--record", RECORD)));
        assertEquals(3, read.get("version").asLong(), read.toString());
        assertEquals(VERSIONS.get(2), read.get("payload").asText(), read.toString());
        assertEquals(sha256Hex(VERSIONS.get(2)), read.get("content_hash").asText(), read.toString());
        List<JsonNode> history = lines(ok(cli(3, "org2/auditor", "history", "--dataset", DATASET, "--record", RECORD)));
        assertEquals(List.of(1L, 2L, 3L), history.stream().map(v -> v.get("version").asLong()).toList());

        JsonNode revoked = write(3, "org1/publisher", "revoke", "--dataset", DATASET, "--to", "org2/auditor",
                "--right", "read");
        assertEquals("org2/auditor", revoked.at("/result/grantee/identity").asText(), revoked.toString());

        assertRefused(cli(0, "org2/auditor", "get", "record", "--dataset", DATASET, "--record", RECORD),
                "org2/auditor reading after the revoke");
        assertRefused(cli(1, "org2/auditor", "history", "--dataset", DATASET, "--record", RECORD),
                "org2/auditor listing the history after the revoke");
    }

    @Test
    @Order(4)
    void anAuditorAttestsAHash() {
        String hash = sha256Hex("calibration report 2024-Q3");
        JsonNode attested = write(2, "org2/auditor", "attest", "--hash", hash, "--claim", "calibrated");
        assertEquals(hash, attested.at("/result/hash").asText(), attested.toString());
        assertEquals("calibrated", attested.at("/result/claim").asText(), attested.toString());
        assertEquals("org2", attested.at("/result/attester/org").asText(), attested.toString());
        assertEquals("auditor", attested.at("/result/attester/name").asText(), attested.toString());
        assertEquals(attested.get("height").asLong(), attested.at("/result/height").asLong(), attested.toString());
        assertEquals(attested.get("tx_id").asText(), attested.at("/result/tx_id").asText(), attested.toString());
    }

    @Test
    @Order(5)
    void everyNodeExecutedEveryBlockToTheSameCertifiedState() {
        long lastTx = txHeights.stream().mapToLong(Long::longValue).max().orElseThrow();
        LocalCluster.waitUntil("every node certified height " + lastTx, CONVERGE,
                () -> cluster.allNodes().stream().allMatch(i -> certifiedHeight(i) >= lastTx),
                () -> "(heights " + cluster.heights() + ", certified " + certifiedHeights() + ")");
        long h = cluster.allNodes().stream().mapToLong(ExecutionE2ETest::certifiedHeight).min().orElseThrow();

        assertSameCertifiedChain(cluster.allNodes(), h);
        assertSameStateRootsAtOneHeight(cluster.allNodes());
        for (int node : cluster.allNodes()) {
            assertHealthy(node);
        }
        assertSameState(cluster.allNodes(), h, PublicationKeys.latest(DATASET, RECORD));
        System.out.printf("blocks 1..%d (transactions at %s) identical and certified with one state root per height "
                + "on %d nodes%n", h, txHeights, cluster.size());
    }

    @Test
    @Order(6)
    void aNodeKilledWhileAVersionIsPublishedCatchesUpByBlockSyncAndReExecutesToTheSameState() {
        // node1 is the first endpoint of a client without --node: publishing while it is down exercises fail-over.
        int victim = 0;
        List<Integer> others = cluster.except(victim);
        cluster.kill(victim);
        long killedAt = others.stream().mapToLong(cluster::height).max().orElseThrow();

        JsonNode fourth = single(ok(cli(null, "org1/publisher", "publish", "--dataset", DATASET, "--record", RECORD,
                "--data", FOURTH_VERSION)));
        assertEquals(4, fourth.at("/result/version").asLong(), fourth.toString());
        txHeights.add(fourth.get("height").asLong());
        awaitExecutedEverywhere(fourth.get("height").asLong());
        JsonNode fifth = write(2, "org1/publisher", "publish", "--dataset", DATASET, "--record", RECORD,
                "--data", FIFTH_VERSION);
        assertEquals(5, fifth.at("/result/version").asLong(), fifth.toString());
        long published = fifth.get("height").asLong();

        // A node only a few blocks behind catches up through consensus, from the proposals its peers keep in
        // memory. Restarting the other three empties those caches, so the victim must use block sync: fetch the
        // certified blocks it missed and execute them itself.
        others.forEach(cluster::kill);
        others.forEach(cluster::start);
        for (int node : others) {
            cluster.awaitUp(node, START);
        }
        cluster.awaitHeight(others, published + 2, CATCH_UP);
        cluster.start(victim);
        cluster.awaitUp(victim, START);
        long target = others.stream().mapToLong(cluster::height).max().orElseThrow();
        cluster.awaitHeight(List.of(victim), target, CATCH_UP);
        // The counter starts at zero with the restarted process: what it counts, block sync fetched since.
        double synced = new Scrapes(cluster).metrics(victim).require("meshledger_sync_blocks_total");
        assertTrue(synced > 0, cluster.name(victim) + " caught up without block sync");
        System.out.printf("%s killed at height %d; versions 4 and 5 committed at %d and %d without it; the others "
                        + "restarted; it caught up to %d, %.0f blocks by block sync%n", cluster.name(victim), killedAt,
                fourth.get("height").asLong(), published, target, synced);

        LocalCluster.waitUntil(cluster.name(victim) + " certifies again", CONVERGE,
                () -> cluster.status(victim).map(StatusResponse::getCertifying).orElse(false)
                        && certifiedHeight(victim) >= target,
                () -> "(status " + cluster.status(victim).map(s -> "height " + s.getHeight() + " certifying "
                        + s.getCertifying() + " diverged_at " + s.getDivergedAt()).orElse("none") + ")");
        LocalCluster.waitUntil("every node certified height " + target, CONVERGE,
                () -> cluster.allNodes().stream().allMatch(i -> certifiedHeight(i) >= target),
                () -> "(certified " + certifiedHeights() + ")");
        long h = cluster.allNodes().stream().mapToLong(ExecutionE2ETest::certifiedHeight).min().orElseThrow();

        // Blocks committed but not yet certified when the victim died get their certificates from peers.
        LocalCluster.waitUntil("every node holds a certificate for every height up to " + h, CONVERGE,
                () -> cluster.allNodes().stream().allMatch(node -> uncertified(node, h).isEmpty()),
                () -> "(uncertified: " + cluster.allNodes().stream().collect(java.util.stream.Collectors.toMap(
                        cluster::name, node -> uncertified(node, h))) + ")");
        assertSameCertifiedChain(cluster.allNodes(), h);
        // The victim's own root (status.state_root) is what it computed executing the blocks it synced.
        assertSameStateRootsAtOneHeight(cluster.allNodes());
        for (int node : cluster.allNodes()) {
            assertHealthy(node);
        }
        assertSameState(cluster.allNodes(), h, PublicationKeys.latest(DATASET, RECORD));

        List<JsonNode> history = lines(ok(cli(victim, "org1/publisher", "history", "--dataset", DATASET,
                "--record", RECORD)));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), history.stream().map(v -> v.get("version").asLong()).toList(),
                "history as served by the restarted " + cluster.name(victim));
        assertEquals(sha256Hex(FOURTH_VERSION), history.get(3).get("content_hash").asText());
        assertEquals(sha256Hex(FIFTH_VERSION), history.get(4).get("content_hash").asText());
        cluster.assertRunning(cluster.allNodes());
    }

    /** Heights up to {@code upTo} that {@code node} serves without a certificate. */
    private static Set<Long> uncertified(int node, long upTo) {
        Chains chains = new Chains(cluster);
        Set<Long> missing = new java.util.TreeSet<>();
        for (long g = 1; g <= upTo; g++) {
            if (chains.block(node, g).map(b -> b.certificate().isEmpty()).orElse(true)) {
                missing.add(g);
            }
        }
        return missing;
    }

    // ------------------------------------------------------------------ chain checks

    /**
     * Blocks 1..{@code upTo}: the same hash on every node, each with a valid
     * certificate, and the same certified digest bytes (so the same state root
     * and transaction accumulator) on every node.
     */
    private static void assertSameCertifiedChain(List<Integer> nodes, long upTo) {
        Chains chains = new Chains(cluster);
        for (long h = 1; h <= upTo; h++) {
            long height = h;
            Map<Integer, Chains.Served> served = new TreeMap<>();
            for (int node : nodes) {
                served.put(node, chains.block(node, h).orElseThrow(() -> new AssertionError(cluster.name(node)
                        + " has no block " + height + " (its height " + cluster.height(node) + ")")));
            }
            int referenceNode = served.entrySet().stream().filter(e -> e.getValue().certificate().isPresent())
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new AssertionError("no node has a certificate of height " + height));
            Chains.Served reference = served.get(referenceNode);
            for (Map.Entry<Integer, Chains.Served> e : served.entrySet()) {
                int node = e.getKey();
                Chains.Served s = e.getValue();
                assertEquals(reference.block().hash(), s.block().hash(), "block hash at height " + h + " of "
                        + cluster.name(node) + " vs " + cluster.name(referenceNode));
                chains.assertCertified(node, h);
                LedgerDigest mine = s.certificate().orElseThrow().digest();
                LedgerDigest theirs = reference.certificate().orElseThrow().digest();
                assertEquals(theirs.stateRoot(), mine.stateRoot(), "certified state root at height " + h + " of "
                        + cluster.name(node) + " vs " + cluster.name(referenceNode));
                assertEquals(reference.certificate().orElseThrow().digestBytes(), s.certificate().orElseThrow()
                        .digestBytes(), "certified digest at height " + h + " of " + cluster.name(node) + " vs "
                        + cluster.name(referenceNode));
            }
        }
    }

    /**
     * Each node's own {@code state_root} (what it computed executing its tip
     * block) is the root the quorum certified at that height; and caught at one
     * height (the network keeps committing empty blocks, so this polls all nodes
     * at once until their heights match), all nodes report the same root.
     */
    private static void assertSameStateRootsAtOneHeight(List<Integer> nodes) {
        for (int node : nodes) {
            StatusResponse s = cluster.status(node).orElseThrow(() -> new AssertionError(cluster.name(node)
                    + " does not answer"));
            assertEquals(hex(certifiedRoot(node, s.getHeight())), hex(s.getStateRoot()), "state_root of "
                    + cluster.name(node) + " at its height " + s.getHeight() + " vs the certified one");
        }

        Map<Integer, StatusResponse> snapshot = new TreeMap<>();
        LocalCluster.waitUntil("every node reports its status at one height", CONVERGE, () -> {
            snapshot.clear();
            Map<Integer, java.util.concurrent.CompletableFuture<Optional<StatusResponse>>> asked = new TreeMap<>();
            nodes.forEach(n -> asked.put(n, java.util.concurrent.CompletableFuture.supplyAsync(() -> cluster.status(n))));
            asked.forEach((n, f) -> f.join().ifPresent(st -> snapshot.put(n, st)));
            return snapshot.size() == nodes.size()
                    && snapshot.values().stream().map(StatusResponse::getHeight).distinct().count() == 1;
        }, () -> "(last seen " + snapshot.entrySet().stream().map(e -> cluster.name(e.getKey()) + "="
                + e.getValue().getHeight()).collect(Collectors.joining(", ")) + ")");
        long height = snapshot.values().iterator().next().getHeight();
        ByteString root = snapshot.values().iterator().next().getStateRoot();
        assertFalse(root.isEmpty(), "status carries a state root: " + snapshot);
        for (Map.Entry<Integer, StatusResponse> e : snapshot.entrySet()) {
            assertEquals(hex(root), hex(e.getValue().getStateRoot()), "state_root of " + cluster.name(e.getKey())
                    + " at height " + height + " (all: " + roots(snapshot) + ")");
        }
        assertEquals(hex(certifiedRoot(nodes.getFirst(), height)), hex(root),
                "the state root every node reports at height " + height + " is the certified one");
    }

    /** The state root in node {@code node}'s certificate of height {@code height}, once it has one. */
    private static ByteString certifiedRoot(int node, long height) {
        LocalCluster.waitUntil(cluster.name(node) + " certified height " + height, CONVERGE,
                () -> certifiedHeight(node) >= height, () -> "(certified " + certifiedHeights() + ")");
        LedgerCertificate c = new Chains(cluster).block(node, height).orElseThrow().certificate()
                .orElseThrow(() -> new AssertionError(cluster.name(node) + " has no certificate of height " + height));
        return ByteString.copyFrom(c.digest().stateRoot().unsafeArray());
    }

    private static void assertHealthy(int node) {
        StatusResponse s = cluster.status(node).orElseThrow(() -> new AssertionError(cluster.name(node)
                + " does not answer"));
        assertTrue(s.getCertifying(), cluster.name(node) + " is not certifying: " + s);
        assertEquals(0, s.getDivergedAt(), cluster.name(node) + " diverged: " + s);
    }

    /** The raw state value under {@code key} of the publication contract at {@code height}: equal on every node. */
    private static void assertSameState(List<Integer> nodes, long height, byte[] key) {
        GetStateResponse reference = null;
        io.meshledger.proto.v1.Transaction auth;
        // Read as the dataset's owner: anonymous callers may not read a restricted dataset.
        try (var owner = io.meshledger.client.Meshledger.connect(cluster.dir(), "org1", "publisher")) {
            auth = owner.readAuthorisation();
        }
        for (int node : nodes) {
            GetStateResponse r = cluster.client(node).state(io.meshledger.proto.v1.GetStateRequest.newBuilder()
                    .setContract("publication").setKey(ByteString.copyFrom(key)).setHeight(height).setAuth(auth).build());
            assertTrue(r.getFound(), cluster.name(node) + " has no state under "
                    + new String(key, StandardCharsets.UTF_8) + " at height " + height);
            if (reference == null) {
                reference = r;
            } else {
                assertEquals(reference.getValue(), r.getValue(), "state value at height " + height + " on "
                        + cluster.name(node));
            }
        }
    }

    private static long certifiedHeight(int node) {
        return cluster.status(node).filter(StatusResponse::hasLastCertificate)
                .map(s -> LedgerCertificate.fromProto(s.getLastCertificate()).digest().height()).orElse(-1L);
    }

    private static String certifiedHeights() {
        return cluster.allNodes().stream().map(i -> cluster.name(i) + "=" + certifiedHeight(i))
                .collect(Collectors.joining(", "));
    }

    private static String roots(Map<Integer, StatusResponse> snapshot) {
        return snapshot.entrySet().stream().map(e -> cluster.name(e.getKey()) + "=" + hex(e.getValue().getStateRoot()))
                .collect(Collectors.joining(", "));
    }

    // ------------------------------------------------------------------- the CLI

    /** What one CLI run printed and returned. */
    record Result(String command, int code, String out, String err) {
        @Override
        public String toString() {
            return "`" + command + "` exited " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs {@code meshledger <args> --network D [--as who] [--node host:port] --json}
     * in this JVM; {@code node} null lets the client choose (and fail over).
     */
    private static Result cli(Integer node, String who, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--network", cluster.dir().toString(), "--json"));
        if (who != null) {
            all.addAll(List.of("--as", who));
        }
        if (node != null) {
            NodeConfig c = cluster.config(node);
            all.addAll(List.of("--node", c.apiListen().host() + ":" + c.apiListen().port()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Main.run(o, e, all.toArray(String[]::new));
        }
        return new Result(String.join(" ", args) + (who == null ? "" : " as " + who)
                + (node == null ? "" : " via " + cluster.name(node)), code, out.toString(), err.toString());
    }

    /** A write command that must succeed; returns its JSON line and records its height. */
    private static JsonNode write(int node, String who, String... args) {
        JsonNode r = single(ok(cli(node, who, args)));
        assertTrue(r.hasNonNull("tx_id") && r.get("tx_id").asText().matches("[0-9a-f]{64}"), r.toString());
        assertTrue(r.get("height").asLong() > 0, r.toString());
        long height = r.get("height").asLong();
        txHeights.add(height);
        awaitExecutedEverywhere(height);
        return r;
    }

    /**
     * Waits until every running node has executed height {@code height}. A
     * signed query runs at the tip of the node asked, so a read through another
     * node right after a write could otherwise see the state before it.
     */
    private static void awaitExecutedEverywhere(long height) {
        List<Integer> running = cluster.allNodes().stream().filter(cluster::isRunning).toList();
        cluster.awaitHeight(running, height, CONVERGE);
    }

    private static Result ok(Result r) {
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r;
    }

    /** Exit code 1, one line on stderr naming PERMISSION_DENIED, nothing on stdout. */
    private static void assertRefused(Result r, String what) {
        assertEquals(1, r.code(), what + " must be refused: " + r);
        String err = r.err().strip();
        assertTrue(err.startsWith("error: PERMISSION_DENIED"), what + ": " + r);
        assertEquals(1, err.lines().count(), what + " prints one line: " + r);
        assertEquals("", r.out(), what + ": " + r);
    }

    private static List<JsonNode> lines(Result r) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(JSON.readTree(line));
                } catch (java.io.IOException e) {
                    throw new AssertionError("not a JSON line: " + line + "\n" + r, e);
                }
            }
        }
        return out;
    }

    private static JsonNode single(Result r) {
        List<JsonNode> l = lines(r);
        assertEquals(1, l.size(), "one JSON object expected: " + r);
        return l.getFirst();
    }

    private static String sha256Hex(String text) {
        return Hashing.sha256(text.getBytes(StandardCharsets.UTF_8)).toHex();
    }

    private static String hex(ByteString b) {
        return HexFormat.of().formatHex(b.toByteArray());
    }
}
