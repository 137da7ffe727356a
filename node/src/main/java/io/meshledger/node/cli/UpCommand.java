package io.meshledger.node.cli;

import io.meshledger.node.config.NetworkInitializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code meshledger up}: starts every node of a network directory in the background and waits for a commit. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start every node of a network directory as a background process (initialising it first if empty) "
                + "and wait until they commit a block.")
final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Network directory (from 'network init').")
    Path dir;

    @Option(names = "--wait", defaultValue = "120", description = "Seconds to wait for the first commit (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        if (!Files.exists(dir.resolve("genesis.json"))) {
            boolean empty = !Files.exists(dir);
            if (!empty) {
                try (Stream<Path> s = Files.list(dir)) {
                    empty = s.findAny().isEmpty();
                }
            }
            if (!empty) {
                throw new UsageException(dir + " holds no genesis.json and is not empty; run 'network init' first");
            }
            new NetworkInitializer(new SecureRandom(), Clock.systemUTC())
                    .initialise(new NetworkInitializer.Options(dir, "meshledger-local", 2, 4, 7050, false));
            out.printf("Initialised a 4-node, 2-org network in %s%n", dir);
        }
        LocalNetwork net = new LocalNetwork(dir);
        for (String node : net.nodeNames()) {
            if (net.process(node).isPresent()) {
                out.printf("  %s already running (pid %d)%n", node, net.process(node).get().pid());
                continue;
            }
            ProcessHandle p = net.start(node);
            out.printf("  %s started (pid %d), log %s%n", node, p.pid(), net.logFile(node));
        }
        out.flush();
        Map<String, Long> heights = net.awaitCommitting(Duration.ofSeconds(waitSeconds));
        out.printf("All %d nodes are committing (heights %s).%n", heights.size(), heights);
        return 0;
    }
}
