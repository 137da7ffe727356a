package io.meshledger.node.cli;

import io.meshledger.node.config.NetworkInitializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code meshledger demo}: the one-command tour. Creates a fresh 4-node,
 * 2-organisation network, starts the nodes as separate processes, tells the
 * {@link DemoStory}, and stops every process it started, whatever happens.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The one-command tour: a 4-node, 2-org network as separate processes; publish, grant, revoke, "
                + "attest, live events, a node killed and caught up, and an offline proof check. Stops the nodes at the end.")
final class DemoCommand implements Callable<Integer> {
    /** Marks a directory as the demo's own, so a re-run may wipe it and nothing else. */
    static final String MARKER = ".meshledger-demo";
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "./.meshledger/demo",
            description = "Directory for the demo network (default ${DEFAULT-VALUE}); wiped and recreated on each run.")
    Path dir;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DemoConsole console = new DemoConsole(out);
        out.println("Meshledger demo: two organisations share data on a 4-node BFT ledger.");
        prepare(dir);

        console.chapter("Two organisations start a 4-validator network");
        int base = FreePorts.findBase(4);
        new NetworkInitializer(new SecureRandom(), Clock.systemUTC())
                .initialise(new NetworkInitializer.Options(dir, "meshledger-demo", 2, 4, base, true));
        LocalNetwork net = new LocalNetwork(dir);
        console.say("Wrote %s: a CA per organisation, users admin, publisher and auditor in each, a certificate per "
                + "node, and genesis.json naming the 4 validators (ports %d-%d on 127.0.0.1).", dir, base, base + 32);
        console.say("org1 publishes air-quality readings and org2 audits them; each runs two validators. BFT "
                + "consensus needs 3 of the 4 to agree, so it survives any one failing.");
        Thread stopOnExit = new Thread(() -> stopAll(net, null), "demo-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            for (String node : net.nodeNames()) {
                ProcessHandle p = net.start(node);
                console.say("Started %s of %s as process %d (log: %s).", node, net.config(node).org(), p.pid(),
                        net.logFile(node));
            }
            net.awaitCommitting(START);
            console.say("All four nodes committed block 1 and agree on it.");

            new DemoStory(net, console, dir.toString()).run();

            console.chapter("The end");
            stopAll(net, console);
            console.say("Stopped the four nodes (SIGTERM: each finished its block in flight and closed RocksDB). "
                    + "The network stays in %s: `bin/meshledger up --dir %s` starts it again; running the demo again "
                    + "starts afresh.", dir, dir);
            console.say("Demo complete in %.0f s.", console.seconds());
            return 0;
        } finally {
            stopAll(net, null);
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or ran already: the nodes are being stopped.
            }
        }
    }

    /** Stops the nodes together (SIGTERM, then SIGKILL after the grace period), so the wait is the slowest one's. */
    private static void stopAll(LocalNetwork net, DemoConsole console) {
        List<CompletableFuture<Void>> stops = net.nodeNames().stream().map(node -> CompletableFuture.runAsync(() -> {
            if (net.stop(node, STOP_GRACE) && console != null) {
                console.say("Stopped %s.", node);
            }
        })).toList();
        stops.forEach(CompletableFuture::join);
    }

    /** Wipes a previous demo directory (stopping its nodes first); refuses any other non-empty directory. */
    static void prepare(Path dir) throws IOException {
        if (Files.exists(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new UsageException(dir + " is not empty and was not made by the demo; choose another --dir");
            }
            if (Files.exists(dir.resolve("genesis.json"))) {
                try {
                    LocalNetwork old = new LocalNetwork(dir);
                    stopAll(old, null);
                } catch (RuntimeException unreadable) {
                    // A broken earlier run: nothing of it is worth keeping, its nodes are found by pid file only.
                }
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "made by `meshledger demo`; the next run wipes this directory\n");
    }
}
