package io.meshledger.node.audit;

import io.meshledger.core.block.Block;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.node.execution.BlockExecutor;
import io.meshledger.node.execution.ExecutorFactory;
import io.meshledger.node.storage.BlockEffects;
import io.meshledger.node.storage.BlockRejectedException;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.node.storage.StateEntries;
import io.meshledger.node.storage.StateFamily;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The chain executed again from genesis into a fresh store of its own, with the
 * executor a node builds ({@link ExecutorFactory}), so what it holds is what an
 * honest node holds after the same blocks. The store lives in a directory of
 * its own, deleted on {@link #close}.
 */
final class Replay implements AutoCloseable {
    private static final long REPLAY_CACHE_BYTES = 1L << 30;

    private final Path directory;
    private final RocksLedgerStore store;
    private final BlockExecutor executor;

    private Replay(Path directory, RocksLedgerStore store, BlockExecutor executor) {
        this.directory = directory;
        this.store = store;
        this.executor = executor;
    }

    /** A fresh replay store in {@code directory}, which must not exist yet. */
    static Replay start(Genesis genesis, MembershipValidator members, Path directory) {
        if (Files.exists(directory)) {
            throw new IllegalArgumentException(directory + " exists; a replay needs a fresh directory");
        }
        // A scratch store, deleted afterwards: fsync per block would only slow the audit down. Every replayed
        // block reads and rewrites paths of state-tree nodes, so a large block cache pays off.
        RocksLedgerStore store = RocksLedgerStore.open(directory,
                io.meshledger.node.storage.LedgerStoreOptions.defaults().scratch().withBlockCacheBytes(REPLAY_CACHE_BYTES));
        return new Replay(directory, store, ExecutorFactory.forGenesis(genesis, store, members));
    }

    /**
     * Executes {@code block} over the replayed state and commits it with its effects.
     *
     * @throws BlockRejectedException if the block does not extend the replayed chain (e.g. a transaction
     *                                committed before)
     */
    BlockEffects apply(Block block) {
        BlockEffects effects = executor.execute(block);
        store.append(block, effects, null, null);
        return effects;
    }

    /** The last height replayed; 0 before any. */
    long height() {
        return store.tip().height();
    }

    StateEntries entries(StateFamily family) {
        return store.stateEntries(family);
    }

    @Override
    public void close() {
        store.close();
        deleteRecursively(directory);
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the replay store " + directory, e);
        }
    }
}
