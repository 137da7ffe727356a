package io.meshledger.node.startup;

import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.config.ConfigException;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.storage.GenesisMarker;
import io.meshledger.node.storage.LedgerStoreOptions;
import io.meshledger.node.storage.ReadOnlyLedgerStore;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.node.storage.StoreCorruptedException;
import io.meshledger.node.storage.StoreUnavailableException;
import io.meshledger.node.storage.Tip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A node's data directory and the network it belongs to. The first start
 * records a {@link GenesisMarker} in the store; every later start compares it
 * with the configured genesis before opening the store for writing, so a node
 * pointed at another network's data refuses without changing a byte of it.
 * <p>
 * Stores written before markers existed are checked by what they hold (the
 * chain id and proposers of their first and last blocks) and then get the
 * marker.
 */
public final class DataDirectory {
    private static final String FIX = "point data_dir at this network's data directory, or move %s away to start"
            + " this node with an empty one";

    private DataDirectory() {
    }

    /** The marker of {@code genesis}: its chain id and the SHA-256 of its canonical encoding. */
    public static GenesisMarker markerOf(Genesis genesis) {
        byte[] canonical = GenesisCodec.toJson(genesis).getBytes(StandardCharsets.UTF_8);
        return new GenesisMarker(genesis.chainId(), Hashing.sha256(canonical));
    }

    /**
     * Checks, reading only, that {@code config.dataDir()} is empty or belongs to
     * {@code genesis}'s network and is not held by a running node. Nothing in the
     * directory is written: RocksDB's own log of this read goes to a temporary directory.
     *
     * @throws ConfigException naming data_dir, the problem and the fix
     */
    public static void check(NodeConfig config, Genesis genesis) {
        Path dir = config.dataDir();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw ConfigException.problem("data_dir", dir + " is a file, not a directory", "point data_dir at a"
                    + " directory (it is created on first start)");
        }
        if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
            return;
        }
        Path rocksLog = temporaryDirectory();
        try (ReadOnlyLedgerStore store = ReadOnlyLedgerStore.open(dir, rocksLog)) {
            compare(config, genesis, store);
        } catch (StoreUnavailableException e) {
            throw unavailable(dir, e);
        } finally {
            deleteRecursively(rocksLog);
        }
    }

    /**
     * Opens the store for writing, with the configured block cache, and records
     * {@code marker} when the store has none yet. Call {@link #check} first.
     *
     * @throws ConfigException when a running node holds the directory
     */
    public static RocksLedgerStore open(NodeConfig config, GenesisMarker marker) {
        RocksLedgerStore store;
        try {
            store = RocksLedgerStore.open(config.dataDir(),
                    LedgerStoreOptions.defaults().withBlockCacheBytes(config.blockCacheBytes()));
        } catch (StoreUnavailableException e) {
            throw unavailable(config.dataDir(), e);
        }
        try {
            store.recordGenesisMarker(marker);
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static void compare(NodeConfig config, Genesis genesis, ReadOnlyLedgerStore store) {
        GenesisMarker expected = markerOf(genesis);
        Optional<GenesisMarker> recorded = store.genesisMarker();
        if (recorded.isPresent()) {
            if (!recorded.get().equals(expected)) {
                throw mismatch(config, "belongs to " + recorded.get() + " but " + config.genesis() + " is "
                        + expected);
            }
            return;
        }
        Optional<Tip> tip = store.recordedTip();
        if (tip.isEmpty()) {
            return;
        }
        Set<Bytes> validators = genesis.validators().validators().stream().map(Validator::id)
                .map(IdentityId::toBytes).collect(Collectors.toSet());
        for (long height : new long[]{1, tip.get().height()}) {
            BlockHeader header = header(store, height);
            if (!header.chainId().equals(genesis.chainId())) {
                throw mismatch(config, "holds blocks of chain '" + header.chainId() + "' (block " + height + ") but "
                        + config.genesis() + " is chain '" + genesis.chainId() + "'");
            }
            if (!validators.contains(header.proposer())) {
                throw mismatch(config, "holds block " + height + " of chain '" + header.chainId() + "' proposed by "
                        + IdentityId.fromBytes(header.proposer()).toHex() + ", which is not a validator in "
                        + config.genesis() + " (another network with the same chain id)");
            }
        }
    }

    private static BlockHeader header(ReadOnlyLedgerStore store, long height) {
        Bytes bytes = store.blockBytes(height).orElseThrow(() -> StoreCorruptedException.atHeight(height,
                "the recorded tip is at or above this height but no block is stored here"));
        try {
            return Block.decode(bytes.unsafeArray()).header();
        } catch (DecodingException e) {
            throw StoreCorruptedException.atHeight(height, "the block does not decode: " + e.getMessage(), e);
        }
    }

    private static ConfigException mismatch(NodeConfig config, String what) {
        return ConfigException.problem("data_dir", config.dataDir() + " " + what, String.format(FIX,
                config.dataDir()));
    }

    private static ConfigException unavailable(Path dir, StoreUnavailableException e) {
        if (e.inUse()) {
            return ConfigException.problem("data_dir", dir + " is in use by another running node (its RocksDB LOCK"
                    + " is held)", "stop that node first, or give this node its own data_dir", e);
        }
        return ConfigException.problem("data_dir", e.getMessage(), String.format(FIX, dir), e);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("meshledger-datadir-check");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for RocksDB's log", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover RocksDB log in the temporary directory harms nothing.
        }
    }
}
