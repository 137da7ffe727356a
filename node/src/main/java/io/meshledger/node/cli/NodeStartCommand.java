package io.meshledger.node.cli;

import io.meshledger.node.Node;
import io.meshledger.node.config.ConfigException;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.config.NodeConfigCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code meshledger node start}: runs one node in the foreground until SIGTERM
 * or SIGINT, then stops gracefully (stops accepting, finishes the block being
 * written, closes RocksDB) and exits 0 within 5 s. A configuration that does
 * not validate, or does not fit the machine, genesis or data directory, exits 2
 * with one line naming the file, the key and the fix.
 *
 * <p>The JVM turns SIGTERM into an exit with status 143 once its shutdown hooks
 * have run. A clean stop is the expected end of a node, so the hook that stops
 * the node ends the process itself: 0 after a clean stop, 1 otherwise, and 1
 * (with a warning) if the stop overruns its time, so a supervisor never waits
 * on a stuck node.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Run one node in the foreground until SIGTERM/SIGINT.")
final class NodeStartCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(NodeStartCommand.class);
    /** The hard bound on a stop; the node's own budget is below it. */
    private static final Duration STOP_LIMIT = Duration.ofMillis(4_700);

    @Option(names = "--config", required = true, description = "The node's node.yaml.")
    Path config;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        Node node = start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node), "shutdown"));
        new CountDownLatch(1).await();
        return 0;
    }

    /** Configuration errors exit 2 (UsageException), naming node.yaml before the key Node reports. */
    private Node start() {
        NodeConfig loaded;
        try {
            loaded = NodeConfigCodec.load(config);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
        try {
            return Node.start(loaded);
        } catch (ConfigException e) {
            throw new UsageException(config + ": " + e.getMessage(), e);
        }
    }

    /** Runs in the shutdown hook: stops the node within {@link #STOP_LIMIT} and ends the process. */
    private static void stop(Node node) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(STOP_LIMIT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            log.warn("The node did not stop within {} ms; exiting anyway (every fsynced block is safe)",
                    STOP_LIMIT.toMillis());
            Runtime.getRuntime().halt(1);
        }, "shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        node.close();
        watchdog.interrupt();
        Runtime.getRuntime().halt(node.stoppedCleanly() ? 0 : 1);
    }
}
