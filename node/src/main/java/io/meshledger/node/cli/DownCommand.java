package io.meshledger.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code meshledger down}: stops the nodes {@code up} started. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every node of a network directory.")
final class DownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Network directory.")
    Path dir;

    @Option(names = "--grace", defaultValue = "30", description = "Seconds to wait for a graceful stop before killing (default ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        LocalNetwork net = new LocalNetwork(dir);
        var out = spec.commandLine().getOut();
        for (String node : net.nodeNames()) {
            boolean was = net.stop(node, Duration.ofSeconds(graceSeconds));
            out.printf("  %s %s%n", node, was ? "stopped" : "was not running");
        }
        return 0;
    }
}
