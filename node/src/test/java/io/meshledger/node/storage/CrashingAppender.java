package io.meshledger.node.storage;

import io.meshledger.core.block.Block;

import java.nio.file.Path;

/**
 * The child process of {@link CrashRecoveryTest}: appends the seeded test chain
 * to a store, resuming after whatever the store already holds, and prints
 * {@code ack <height> <hash>} once each {@code append} has returned, until it is
 * killed. Logs go to stderr, so stdout carries only these lines.
 */
public final class CrashingAppender {
    private CrashingAppender() {
    }

    /** Arguments: store directory, chain seed, height to stop at. */
    public static void main(String[] args) {
        Path directory = Path.of(args[0]);
        TestChain chain = TestChain.seeded(Long.parseLong(args[1]));
        long lastHeight = Long.parseLong(args[2]);
        try (RocksLedgerStore store = RocksLedgerStore.open(directory)) {
            long resumeAfter = store.tip().height();
            System.out.println("open " + resumeAfter);
            for (long height = 1; height <= lastHeight; height++) {
                // Blocks already stored are rebuilt, not appended: the seeded chain must be replayed in order.
                Block block = chain.next(transactionsAt(height));
                if (height > resumeAfter) {
                    store.append(block, height % 3 == 0 ? TestChain.certificateFor(block) : null);
                    System.out.println("ack " + height + " " + block.hash().toHex());
                    System.out.flush();
                }
            }
        }
    }

    /** How many transactions the block at {@code height} holds: 1 to 4. */
    static int transactionsAt(long height) {
        return 1 + (int) (height % 4);
    }
}
