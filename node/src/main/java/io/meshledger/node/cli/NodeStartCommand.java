package io.meshledger.node.cli;

import io.meshledger.node.Node;
import io.meshledger.node.config.NodeConfigCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code meshledger node start}: runs one node in the foreground until SIGTERM
 * or SIGINT, then stops gracefully (stops accepting, finishes the block being
 * written, closes RocksDB).
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
        Node node = Node.start(NodeConfigCodec.load(config));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
