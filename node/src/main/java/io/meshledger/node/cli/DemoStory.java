package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshledger.client.ClientIdentity;
import io.meshledger.client.LedgerClient;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.node.config.NetworkLayout;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The demo's story, told against a running local network: a publisher shares
 * data, access is granted and revoked, an auditor attests a hash, a node is
 * killed and comes back, and the auditor checks a record's provenance offline.
 * Every user action is the real CLI command, run in this JVM and shown as the
 * user would type it; every step checks its outcome and stops the demo with a
 * clear error when the ledger does not behave as told.
 */
final class DemoStory {
    private static final String DATASET = "air-quality";
    private static final String RECORD = "station-7";
    private static final String PUBLISHER = "org1/publisher";
    private static final String AUDITOR = "org2/auditor";
    private static final String READING = "\"pm25\":14.1";
    private static final String TAMPERED_READING = "\"pm25\":41.1";
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private final LocalNetwork net;
    private final DemoConsole console;
    private final String network;
    private final List<String> down = new ArrayList<>();

    DemoStory(LocalNetwork net, DemoConsole console, String network) {
        this.net = net;
        this.console = console;
        this.network = network;
    }

    void run() throws IOException, InterruptedException {
        Path proof = net.root().resolve("auditor").resolve(RECORD + ".proof");
        Files.createDirectories(proof.getParent());
        String v2 = "{\"station\":\"" + RECORD + "\",\"at\":\"10:00\"," + READING + "}";

        console.chapter("A subscriber watches the ledger live");
        try (DemoSubscriber subscriber = new DemoSubscriber(endpoints(), net.genesis().chainId(), identity(PUBLISHER),
                console)) {
            console.say("org1's dashboard subscribes to every event it may read, as %s (the SDK's resumable stream, "
                    + "what `meshledger subscribe` prints); its lines start with >>.", PUBLISHER);

            console.chapter("The publisher registers a dataset and publishes records");
            cli(0, true, "dataset", "create", "--network", network, "--as", PUBLISHER, "--id", DATASET,
                    "--visibility", "restricted");
            cli(0, true, "publish", "--network", network, "--as", PUBLISHER, "--dataset", DATASET, "--record", RECORD,
                    "--data", "{\"station\":\"" + RECORD + "\",\"at\":\"09:00\",\"pm25\":12.4}");
            cli(0, true, "publish", "--network", network, "--as", PUBLISHER, "--dataset", DATASET, "--record", RECORD,
                    "--data", v2);
            cli(0, true, "publish", "--network", network, "--as", PUBLISHER, "--dataset", DATASET, "--record",
                    "station-9", "--data", "{\"station\":\"station-9\",\"at\":\"10:00\",\"pm25\":8.0}");
            console.say("%s has two versions now: the ledger keeps both, and version 2 is the current one.", RECORD);
            if (!subscriber.awaitPrinted(4, CONVERGE)) {
                throw new DemoFailure("the subscriber printed " + subscriber.printed()
                        + " events in " + CONVERGE.toSeconds() + " s; expected at least 4");
            }

            console.chapter("Access control: refused, granted, read with a proof, revoked");
            awaitConverged();
            console.say("%s asks for %s/%s without a grant:", AUDITOR, DATASET, RECORD);
            expectRefused(cli(1, true, "get", "record", "--network", network, "--as", AUDITOR, "--dataset", DATASET,
                    "--record", RECORD));
            console.say("Refused: a restricted dataset is read only by its owner and those it grants.");
            cli(0, true, "grant", "--network", network, "--as", PUBLISHER, "--dataset", DATASET, "--to", AUDITOR,
                    "--right", "read");
            awaitConverged();
            String read = cli(0, false, "get", "record", "--network", network, "--as", AUDITOR, "--dataset", DATASET,
                    "--record", RECORD, "--proof", proof.toString(), "--json");
            describeRead(read, proof);
            cli(0, true, "revoke", "--network", network, "--as", PUBLISHER, "--dataset", DATASET, "--to", AUDITOR,
                    "--right", "read");
            awaitConverged();
            expectRefused(cli(1, true, "get", "record", "--network", network, "--as", AUDITOR, "--dataset", DATASET,
                    "--record", RECORD));
            console.say("Revoked: the very next read is refused again. Grants and revocations are events on the "
                    + "ledger, so who could read what, and when, can be audited.");

            console.chapter("The auditor attests what it checked");
            String hash = Hashing.sha256(v2.getBytes(StandardCharsets.UTF_8)).toHex();
            cli(0, true, "attest", "--network", network, "--as", AUDITOR, "--hash", hash, "--claim",
                    "matches org2's lab sample");
            console.say("Anyone can now look up who vouched for this content hash, when, and in which transaction.");

            crashAndRecover(subscriber);
        }

        console.chapter("The auditor verifies the record's provenance offline");
        console.say("No node is contacted from here on: only the proof file and the network's genesis.json.");
        String genesis = new NetworkLayout(Path.of(network)).genesis().toString();
        String valid = cli(0, true, "proof", "verify", "--genesis", genesis, proof.toString());
        if (!valid.startsWith("VALID")) {
            throw new DemoFailure("the untouched proof did not verify: " + valid);
        }
        console.say("VALID: 3 of the 4 validators certified the block whose state holds this exact version.");
        Path tampered = tamper(proof);
        console.say("Someone edits the reading from 14.1 to 41.1 in a copy of the proof:");
        String invalid = cli(1, true, "proof", "verify", "--genesis", genesis, tampered.toString());
        if (!invalid.startsWith("INVALID")) {
            throw new DemoFailure("the tampered proof was not refused: " + invalid);
        }
        console.say("INVALID: one changed byte breaks the chain of hashes up to the certified state root.");
    }

    private void crashAndRecover(DemoSubscriber subscriber) throws InterruptedException {
        console.chapter("A node crashes; the network keeps committing");
        String victim = nodeServing(subscriber.endpoint());
        long before = heights().values().stream().mapToLong(Long::longValue).max().orElse(0);
        ProcessHandle process = net.process(victim).orElseThrow(() -> new DemoFailure(victim + " is not running"));
        console.say("Killing %s (pid %d), the node the subscriber streams from, with SIGKILL, as a power cut would: "
                + "no warning, no clean shutdown.", victim, process.pid());
        process.destroyForcibly();
        if (!process.onExit().completeOnTimeout(null, 10, java.util.concurrent.TimeUnit.SECONDS).join().isAlive()) {
            down.add(victim);
        } else {
            throw new DemoFailure(victim + " did not die within 10 s of SIGKILL");
        }
        for (int i = 1; i <= 3; i++) {
            cli(0, true, "publish", "--network", network, "--as", PUBLISHER, "--dataset", DATASET, "--record",
                    "station-" + (10 + i), "--data", "{\"station\":\"station-" + (10 + i) + "\",\"pm25\":" + (9 + i) + "}");
        }
        long during = awaitConverged();
        console.say("The other three nodes committed up to height %d with %s down: three of four validators are a "
                + "quorum, so nothing waits for it.", during, victim);

        console.chapter("The node comes back and catches up");
        ProcessHandle restarted = net.start(victim);
        down.remove(victim);
        console.say("Restarted %s (pid %d). It reopens its own RocksDB, which kept every block it had acknowledged, "
                + "and fetches what it missed from its peers, checking each block's certificate.", victim,
                restarted.pid());
        long caughtUp = awaitConverged();
        String other = net.nodeNames().stream().filter(n -> !n.equals(victim)).findFirst().orElseThrow();
        String hashThere = blockHash(victim, caughtUp);
        String hashHere = blockHash(other, caughtUp);
        if (!hashThere.equals(hashHere)) {
            throw new DemoFailure(victim + "'s block " + caughtUp + " differs from " + other + "'s");
        }
        console.say("%s caught up: it was at height %d at most when killed and is at %d now, and its block %d is "
                + "identical to %s's (hash %s...).", victim, before, caughtUp, caughtUp, other,
                hashHere.substring(0, 16));
        console.say("The subscriber printed %d events so far and reconnected %d time(s), without a gap or a repeat.",
                subscriber.printed(), subscriber.reconnections());
        cli(0, true, "status", "--network", network);
    }

    /** Prints the auditor's read in words and checks it came with a proof file. */
    private void describeRead(String json, Path proof) throws IOException {
        JsonNode read = MessageJson.mapper().readTree(json);
        JsonNode version = read.path("version");
        if (!read.path("found").asBoolean() || !Files.exists(proof)) {
            throw new DemoFailure("the auditor's read found no record or wrote no proof: " + json);
        }
        console.command(List.of("get", "record", "--network", network, "--as", AUDITOR, "--dataset", DATASET,
                "--record", RECORD, "--proof", proof.toString()));
        console.output(String.format(
                "version %s of %s/%s, published at height %s: %s%nproof of it at certified height %s written to %s "
                        + "(%d bytes)", version.path("version").asText(), DATASET, RECORD,
                version.path("height").asText(), payloadText(version), read.path("proven_at_height").asText(), proof,
                size(proof)));
        console.say("With the grant, the auditor reads the record and keeps a self-contained proof of it.");
    }

    private static String payloadText(JsonNode version) {
        // MessageJson prints a UTF-8 payload as text.
        return version.path("payload").asText();
    }

    private static long size(Path file) throws IOException {
        return Files.size(file);
    }

    private Path tamper(Path proof) throws IOException {
        byte[] bytes = Files.readAllBytes(proof);
        byte[] from = READING.getBytes(StandardCharsets.UTF_8);
        byte[] to = TAMPERED_READING.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, from);
        if (at < 0) {
            throw new DemoFailure("the proof does not contain the reading " + READING);
        }
        System.arraycopy(to, 0, bytes, at, to.length);
        Path copy = proof.resolveSibling(RECORD + ".tampered.proof");
        Files.write(copy, bytes);
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static void expectRefused(String output) {
        if (!output.contains("PERMISSION_DENIED")) {
            throw new DemoFailure("expected a PERMISSION_DENIED refusal, got: " + output.strip());
        }
    }

    /**
     * Runs a CLI command in this JVM, shows it, and checks its exit code.
     * Returns what it printed (standard output, then standard error).
     */
    private String cli(int expectedExit, boolean show, String... argv) {
        if (show) {
            console.command(List.of(argv));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), argv);
        String printed = out + err.toString();
        if (show) {
            console.output(printed);
        }
        if (code != expectedExit) {
            throw new DemoFailure("`meshledger " + String.join(" ", argv) + "` exited with " + code + " (expected "
                    + expectedExit + "): " + printed.strip());
        }
        return printed;
    }

    /** Waits until every running node reached the highest height any of them reports; returns that height. */
    private long awaitConverged() throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        Map<String, Long> heights = heights();
        long target = heights.values().stream().mapToLong(Long::longValue).max().orElse(0);
        while (heights.values().stream().anyMatch(h -> h < target)) {
            if (System.nanoTime() > deadline) {
                throw new DemoFailure("the nodes did not reach height " + target + " within " + CONVERGE.toSeconds()
                        + " s: " + heights + " (-1: not answering); logs are in " + net.root().resolve("nodes"));
            }
            Thread.sleep(100);
            heights = heights();
        }
        return target;
    }

    private Map<String, Long> heights() {
        return net.heights(net.nodeNames().stream().filter(n -> !down.contains(n)).toList());
    }

    private String blockHash(String node, long height) {
        try (LedgerClient c = net.clientFor(node, Duration.ofSeconds(5))) {
            return HexFormat.of().formatHex(c.block(height, false).getBlockHash().toByteArray());
        }
    }

    /** The node whose client API is {@code endpoint}; node1 if none is (the subscriber is between nodes). */
    private String nodeServing(LedgerClient.Endpoint endpoint) {
        return net.nodeNames().stream().filter(n -> {
            var api = net.config(n).apiListen();
            return endpoint != null && api.host().equals(endpoint.host()) && api.port() == endpoint.port();
        }).findFirst().orElse("node1");
    }

    private List<LedgerClient.Endpoint> endpoints() {
        return net.nodeNames().stream().map(n -> net.config(n).apiListen())
                .map(a -> new LedgerClient.Endpoint(a.host(), a.port())).toList();
    }

    private ClientIdentity identity(String qualified) {
        String[] parts = qualified.split("/");
        return ClientIdentity.load(new NetworkLayout(net.root()).userDir(parts[0], parts[1]));
    }

    /** The ledger did not do what the story says; the demo stops with this message. */
    static final class DemoFailure extends RuntimeException {
        DemoFailure(String message) {
            super(message);
        }
    }
}
