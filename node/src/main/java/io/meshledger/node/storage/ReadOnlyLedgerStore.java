package io.meshledger.node.storage;

import io.meshledger.core.Bytes;

import java.nio.file.Path;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A stopped node's store opened read-only, for auditing: it serves the stored
 * bytes as they are, without the checks {@link RocksLedgerStore} makes before
 * serving, so the caller can judge every byte itself. Opening it writes nothing
 * in the data directory, and holds the store's lock (shared) until it is closed
 * so a node cannot start on it meanwhile.
 * <p>
 * Per-height reads throw {@link StoreCorruptedException} naming the height when
 * a key or value cannot even be framed, and {@link StorageException} when
 * RocksDB cannot read (e.g. a checksum mismatch in a damaged file).
 */
public final class ReadOnlyLedgerStore implements AutoCloseable {
    private final Path directory;
    private final RocksDatabase db;

    private ReadOnlyLedgerStore(Path directory, RocksDatabase db) {
        this.directory = directory;
        this.db = db;
    }

    /**
     * Opens the store in {@code directory} read-only.
     *
     * @param logDirectory where RocksDB may write its own log (it never writes in {@code directory})
     * @throws StoreUnavailableException if {@code directory} is not a ledger store of this version, or is in use
     * @throws StorageException          if RocksDB cannot open it
     */
    public static ReadOnlyLedgerStore open(Path directory, Path logDirectory) {
        Objects.requireNonNull(directory, "directory");
        RocksDatabase db = RocksDatabase.openReadOnly(directory, logDirectory,
                LedgerStoreOptions.DEFAULT_BLOCK_CACHE_BYTES);
        try {
            checkSchema(directory, db);
            return new ReadOnlyLedgerStore(directory, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static void checkSchema(Path directory, RocksDatabase db) {
        byte[] value = db.get(ColumnFamily.METADATA, StorageCodec.SCHEMA_VERSION_KEY);
        if (value == null) {
            throw new StoreUnavailableException(directory + " is not a Meshledger data directory: it records no"
                    + " schema version");
        }
        int version;
        try {
            version = StorageCodec.intValue(value);
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.general("the schema version is malformed: " + e.getMessage(), e);
        }
        if (version != IntegrityCheck.SCHEMA_VERSION) {
            throw new StoreUnavailableException(directory + " has schema version " + version + "; this version"
                    + " reads only schema version " + IntegrityCheck.SCHEMA_VERSION);
        }
    }

    public Path directory() {
        return directory;
    }

    /**
     * The network the store belongs to, as its node recorded on first start; empty
     * for a store written before stores recorded it.
     *
     * @throws StoreCorruptedException if the record is malformed
     */
    public Optional<GenesisMarker> genesisMarker() {
        return GenesisMarker.fromStored(db.get(ColumnFamily.METADATA, StorageCodec.GENESIS_KEY));
    }

    /**
     * The tip the store records; empty for a store that never committed a block.
     *
     * @throws StoreCorruptedException if the record is malformed
     */
    public Optional<Tip> recordedTip() {
        byte[] value = db.get(ColumnFamily.METADATA, StorageCodec.TIP_KEY);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StorageCodec.tip(value));
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.general("the recorded tip is malformed: " + e.getMessage(), e);
        }
    }

    /**
     * The height of the highest stored block, whatever the tip says; empty when no block is stored.
     *
     * @throws StoreCorruptedException if that block's key is malformed
     */
    public OptionalLong highestBlockHeight() {
        Optional<byte[]> key = db.lastKey(ColumnFamily.BLOCKS);
        if (key.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(StorageCodec.height(key.get()));
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.general("a block key is malformed: " + e.getMessage(), e);
        }
    }

    /** The encoded block stored at {@code height}, as stored. */
    public Optional<Bytes> blockBytes(long height) {
        return Optional.ofNullable(db.get(ColumnFamily.BLOCKS, StorageCodec.height(height))).map(Bytes::wrap);
    }

    /** The encoded ledger certificate stored for {@code height}, as stored. */
    public Optional<Bytes> certificateBytes(long height) {
        return Optional.ofNullable(db.get(ColumnFamily.CERTIFICATES, StorageCodec.height(height))).map(Bytes::wrap);
    }

    /** The state root stored for {@code height}, as stored (32 bytes unless damaged). */
    public Optional<Bytes> stateRootBytes(long height) {
        return Optional.ofNullable(db.get(ColumnFamily.METADATA, StoredState.stateRootKey(height))).map(Bytes::wrap);
    }

    /**
     * The encoded receipts stored for {@code height}, by transaction index.
     *
     * @throws StoreCorruptedException at {@code height} if a receipt key there is malformed
     */
    public NavigableMap<Integer, Bytes> receiptBytes(long height) {
        byte[] prefix = StorageCodec.height(height);
        return db.withCursor(ColumnFamily.RECEIPTS, c -> {
            NavigableMap<Integer, Bytes> out = new TreeMap<>();
            for (c.seek(prefix); RocksDatabase.Cursor.startsWith(c.key(), prefix); c.next()) {
                byte[] key = c.key();
                if (key.length != 12) {
                    throw StoreCorruptedException.atHeight(height, "a receipt key is " + key.length
                            + " bytes instead of 12");
                }
                int index = java.nio.ByteBuffer.wrap(key, 8, 4).getInt();
                out.put(index, Bytes.wrap(c.value()));
            }
            return Collections.unmodifiableNavigableMap(out);
        });
    }

    /** Every entry of {@code family} in key order; close it after use. */
    public StateEntries stateEntries(StateFamily family) {
        return new StateEntries(family, db);
    }

    /** Releases RocksDB and the lock on the directory. */
    @Override
    public void close() {
        db.close();
    }
}
