package io.meshledger.node.cli;

import io.meshledger.node.Node;
import io.meshledger.node.config.ConfigException;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.config.NodeConfigCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code meshledger node start}: runs one node in the foreground until SIGTERM
 * or SIGINT, then stops gracefully (stops accepting, finishes the block being
 * written, closes RocksDB). A configuration that does not validate, or does not
 * fit the machine, genesis or data directory, exits 2 with one line naming the
 * file, the key and the fix.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Run one node in the foreground until SIGTERM/SIGINT.")
final class NodeStartCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The node's node.yaml.")
    Path config;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        Node node = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
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
}
