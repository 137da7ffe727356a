package io.meshledger.node.storage;

import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.LRUCache;
import org.rocksdb.Priority;
import org.rocksdb.RateLimiter;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * One RocksDB instance with the ledger's column families, and every native
 * object it needs. RocksDB JNI objects hold native memory the garbage collector
 * never frees, so this class owns them all and {@link #close} releases them in
 * reverse creation order: column family handles, then the database, then the
 * options, filters and cache the database was using.
 * <p>
 * Every {@link RocksDBException} becomes a {@link StorageException}. Reads are
 * thread-safe; using the database after {@link #close} is refused rather than
 * left to crash in native code, but closing while other threads still read is a
 * caller bug.
 */
final class RocksDatabase implements AutoCloseable {
    private static final int BLOOM_BITS_PER_KEY = 10;
    /** Memtable bloom filter size as a fraction of the memtable, for the point-lookup families. */
    private static final double MEMTABLE_BLOOM_RATIO = 0.05;
    private static final long BLOCKS_BLOCK_SIZE = 16 << 10;
    /** Flush and compaction write rate: several times what a node ingests at full load (about 5 MB/s). */
    private static final long BACKGROUND_WRITE_BYTES_PER_SECOND = 48L << 20;
    private static final long BACKGROUND_BYTES_PER_SYNC = 1L << 20;
    private static final long WRITE_BUFFER_BYTES = 32L << 20;

    /** In creation order; each may depend on the ones before it. */
    private final List<AbstractNativeReference> resources;
    private final RocksDB db;
    private final Map<ColumnFamily, ColumnFamilyHandle> handles;
    /** Block batches: fsynced, unless the store is a scratch store (see LedgerStoreOptions). */
    private final WriteOptions blockWrites;
    /** Held by a read-only database until it closes; null for the writable one, which RocksDB locks itself. */
    private final ReadLock lockOrNull;
    private volatile boolean closed;

    private RocksDatabase(List<AbstractNativeReference> resources, RocksDB db,
                          Map<ColumnFamily, ColumnFamilyHandle> handles, WriteOptions blockWrites, ReadLock lockOrNull) {
        this.resources = resources;
        this.db = db;
        this.handles = handles;
        this.blockWrites = blockWrites;
        this.lockOrNull = lockOrNull;
    }

    /** Opens (creating if missing) the database in {@code directory} with all ledger column families. */
    static RocksDatabase open(Path directory, long blockCacheBytes, boolean sync) {
        RocksDB.loadLibrary();
        // Compaction yields the CPU to consensus, verification and commits: it has slack, commits do not.
        // Flushes do not: with every core busy, a niced flush thread got about 2% of one, memtables filled, and
        // RocksDB stopped all writes, votes' safety data included, for seconds ("Stopping writes because we have
        // 3 immutable memtables"), and rounds timed out. Process-wide, like the pools themselves; idempotent.
        Env.getDefault().lowerThreadPoolCPUPriority(Priority.LOW);
        List<AbstractNativeReference> resources = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            LRUCache cache = track(resources, new LRUCache(blockCacheBytes));
            List<ColumnFamilyDescriptor> descriptors = descriptors(cache, resources);
            DBOptions dbOptions = track(resources, new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    // A crash can leave a torn last WAL record; it is dropped and every synced batch before it
                    // is recovered, which is exactly "every acknowledged block and nothing half-written".
                    .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                    .setMaxBackgroundJobs(2)
                    // Every block and vote waits for a WAL fsync. A memtable flush wrote its table file in one
                    // burst and fsynced it at the end, and the WAL fsyncs queued behind it: the slowest commits
                    // (p99) coincided with flushes. Flush and compaction now write at a bounded rate and sync
                    // as they go, so the WAL's fsyncs find little in the way.
                    .setRateLimiter(track(resources, new RateLimiter(BACKGROUND_WRITE_BYTES_PER_SECOND)))
                    .setBytesPerSync(BACKGROUND_BYTES_PER_SYNC)
                    // A WAL file lives until every column family with data in it has flushed; quiet families
                    // (metadata, certificates) would otherwise pin gigabytes of WAL. Past this size RocksDB
                    // flushes the families holding the oldest WAL.
                    .setMaxTotalWalSize(256L << 20)
                    .setKeepLogFileNum(5)
                    .setMaxLogFileSize(16L << 20));
            WriteOptions blockWrites = track(resources, new WriteOptions().setSync(sync));
            List<ColumnFamilyHandle> opened = new ArrayList<>();
            RocksDB db = track(resources, RocksDB.open(dbOptions, directory.toString(), descriptors, opened));
            Map<ColumnFamily, ColumnFamilyHandle> handles = handles(opened, resources);
            return new RocksDatabase(resources, db, handles, blockWrites, null);
        } catch (RocksDBException | IOException | RuntimeException e) {
            closeAll(resources);
            if (e instanceof StorageException s) {
                throw s;
            }
            if (e instanceof RocksDBException r && holdsLock(r)) {
                throw StoreUnavailableException.inUse(directory + " is in use by a running node (its RocksDB lock"
                        + " is held)");
            }
            throw new StorageException("cannot open the ledger store in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether opening failed because another process (or another store in this
     * one) holds the database's {@code LOCK} file: RocksDB says "While lock file:
     * .../LOCK: Resource temporarily unavailable", or "lock hold by current process".
     */
    private static boolean holdsLock(RocksDBException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.contains("lock hold by current process")
                || (m.contains("While lock file") && m.contains("Resource temporarily unavailable"));
    }

    /**
     * Opens the database in {@code directory} read-only, with every ledger
     * column family, for inspecting a stopped node's store: nothing in the
     * directory is written (RocksDB's own log goes to {@code logDirectory}), and
     * a shared lock on RocksDB's {@code LOCK} file, held until {@link #close},
     * keeps a node from opening the store for writing meanwhile.
     *
     * @throws StoreUnavailableException if the directory holds no ledger store or a running node holds it
     * @throws StorageException          if RocksDB cannot open it
     */
    static RocksDatabase openReadOnly(Path directory, Path logDirectory, long blockCacheBytes) {
        RocksDB.loadLibrary();
        ReadLock lock = ReadLock.acquire(directory);
        List<AbstractNativeReference> resources = new ArrayList<>();
        try {
            List<byte[]> present = listFamilies(directory);
            for (ColumnFamily family : ColumnFamily.values()) {
                if (present.stream().noneMatch(name -> java.util.Arrays.equals(name, family.nameBytes()))) {
                    throw new StoreUnavailableException(directory + " is not a Meshledger data directory: it has no '"
                            + family.familyName() + "' column family");
                }
            }
            LRUCache cache = track(resources, new LRUCache(blockCacheBytes));
            List<ColumnFamilyDescriptor> descriptors = descriptors(cache, resources);
            Files.createDirectories(logDirectory);
            DBOptions dbOptions = track(resources, new DBOptions()
                    .setCreateIfMissing(false)
                    .setDbLogDir(logDirectory.toString())
                    .setKeepLogFileNum(1));
            WriteOptions unused = track(resources, new WriteOptions());
            List<ColumnFamilyHandle> opened = new ArrayList<>();
            RocksDB db = track(resources, RocksDB.openReadOnly(dbOptions, directory.toString(), descriptors, opened));
            Map<ColumnFamily, ColumnFamilyHandle> handles = handles(opened, resources);
            return new RocksDatabase(resources, db, handles, unused, lock);
        } catch (RocksDBException | IOException | RuntimeException e) {
            closeAll(resources);
            lock.close();
            if (e instanceof StorageException s) {
                throw s;
            }
            throw new StorageException("cannot open the ledger store in " + directory + " read-only: "
                    + e.getMessage(), e);
        }
    }

    private static List<byte[]> listFamilies(Path directory) {
        try (org.rocksdb.Options options = new org.rocksdb.Options()) {
            return RocksDB.listColumnFamilies(options, directory.toString());
        } catch (RocksDBException e) {
            throw new StoreUnavailableException(directory + " is not a Meshledger data directory: " + e.getMessage());
        }
    }

    /** The default family, then every ledger family in declaration order (the order {@link #handles} expects). */
    private static List<ColumnFamilyDescriptor> descriptors(LRUCache cache, List<AbstractNativeReference> resources) {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(ColumnFamily.defaultFamilyName(),
                track(resources, new ColumnFamilyOptions())));
        for (ColumnFamily family : ColumnFamily.values()) {
            descriptors.add(new ColumnFamilyDescriptor(family.nameBytes(), familyOptions(family, cache, resources)));
        }
        return descriptors;
    }

    /** The opened handles by family, skipping the default family's; each is tracked for closing. */
    private static Map<ColumnFamily, ColumnFamilyHandle> handles(List<ColumnFamilyHandle> opened,
                                                                List<AbstractNativeReference> resources) {
        Map<ColumnFamily, ColumnFamilyHandle> handles = new EnumMap<>(ColumnFamily.class);
        for (int i = 0; i < opened.size(); i++) {
            track(resources, opened.get(i));
            if (i > 0) {
                handles.put(ColumnFamily.values()[i - 1], opened.get(i));
            }
        }
        return handles;
    }

    private static ColumnFamilyOptions familyOptions(ColumnFamily family, LRUCache cache,
                                                     List<AbstractNativeReference> resources) {
        // Index and filter blocks stay with their open table rather than in the block cache (about 1.25 bytes
        // per key of filter, one index entry per data block). In the cache they were evicted by data blocks:
        // its 1 MiB shards barely hold one large table's filter. Every lookup then read and checksummed the
        // whole filter again: at about a million records, half the time of execution's state reads.
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setCacheIndexAndFilterBlocks(false);
        if (family.pointLookups()) {
            // Lookups of absent keys (is this transaction id new?) are answered without touching the disk.
            table.setFilterPolicy(track(resources, new BloomFilter(BLOOM_BITS_PER_KEY)));
        }
        if (family == ColumnFamily.BLOCKS) {
            table.setBlockSize(BLOCKS_BLOCK_SIZE);
        }
        CompressionType compression = family.compressible() ? CompressionType.LZ4_COMPRESSION
                : CompressionType.NO_COMPRESSION;
        ColumnFamilyOptions options = track(resources, new ColumnFamilyOptions());
        if (family.pointLookups()) {
            // The same for the memtables: most lookups (is this transaction id committed?) miss, and a miss
            // otherwise walks the memtable's skip list: 8% of all node CPU in a profile at 2,500 tx/s.
            options.setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO).setMemtableWholeKeyFiltering(true);
        }
        return options
                // Half the default: a flush is a burst of work and I/O that delays the commits around it, and
                // smaller ones delay them less; a third memtable absorbs writes while one flushes slowly.
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(3)
                .setTableFormatConfig(table)
                .setCompressionType(compression)
                .setBottommostCompressionType(compression)
                .setLevelCompactionDynamicLevelBytes(true);
    }

    private static <T extends AbstractNativeReference> T track(List<AbstractNativeReference> resources, T resource) {
        resources.add(resource);
        return resource;
    }

    /** The value at {@code key}, or null. */
    byte[] get(ColumnFamily family, byte[] key) {
        requireOpen();
        try {
            return db.get(handles.get(family), key);
        } catch (RocksDBException e) {
            throw failure("read from " + family.familyName(), e);
        }
    }

    /** The lowest key in {@code family}, if it holds any. */
    Optional<byte[]> firstKey(ColumnFamily family) {
        return edgeKey(family, true);
    }

    /** The highest key in {@code family}, if it holds any. */
    Optional<byte[]> lastKey(ColumnFamily family) {
        return edgeKey(family, false);
    }

    private Optional<byte[]> edgeKey(ColumnFamily family, boolean first) {
        requireOpen();
        try (RocksIterator it = db.newIterator(handles.get(family))) {
            if (first) {
                it.seekToFirst();
            } else {
                it.seekToLast();
            }
            if (it.isValid()) {
                return Optional.of(it.key());
            }
            it.status();
            return Optional.empty();
        } catch (RocksDBException e) {
            throw failure("iterate " + family.familyName(), e);
        }
    }

    /** The greatest key {@code <= key} that starts with {@code prefix}, if any. */
    Optional<byte[]> floorKey(ColumnFamily family, byte[] key, byte[] prefix) {
        return nearestKey(family, key, prefix, false);
    }

    /** The least key {@code >= key} that starts with {@code prefix}, if any. */
    Optional<byte[]> ceilingKey(ColumnFamily family, byte[] key, byte[] prefix) {
        return nearestKey(family, key, prefix, true);
    }

    private Optional<byte[]> nearestKey(ColumnFamily family, byte[] key, byte[] prefix, boolean upwards) {
        requireOpen();
        try (RocksIterator it = db.newIterator(handles.get(family))) {
            if (upwards) {
                it.seek(key);
            } else {
                it.seekForPrev(key);
            }
            if (it.isValid()) {
                byte[] found = it.key();
                return hasPrefix(found, prefix) ? Optional.of(found) : Optional.empty();
            }
            it.status();
            return Optional.empty();
        } catch (RocksDBException e) {
            throw failure("iterate " + family.familyName(), e);
        }
    }

    private static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Every value whose key starts with {@code prefix}, in key order. */
    List<byte[]> valuesWithPrefix(ColumnFamily family, byte[] prefix) {
        requireOpen();
        List<byte[]> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(handles.get(family))) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                if (!hasPrefix(it.key(), prefix)) {
                    break;
                }
                out.add(it.value());
            }
            it.status();
            return out;
        } catch (RocksDBException e) {
            throw failure("iterate " + family.familyName(), e);
        }
    }

    /**
     * Runs {@code body} with a cursor over {@code family}, closed afterwards. The
     * cursor sees one consistent view of the family (RocksDB iterators read an
     * implicit snapshot), so several seeks in one body agree with each other.
     */
    <T> T withCursor(ColumnFamily family, java.util.function.Function<Cursor, T> body) {
        requireOpen();
        try (RocksIterator it = db.newIterator(handles.get(family))) {
            T result = body.apply(new Cursor(it, family));
            it.status();
            return result;
        } catch (RocksDBException e) {
            throw failure("iterate " + family.familyName(), e);
        }
    }

    /** Positioning over one family; {@link #key()} is null when the cursor is off either end. */
    static final class Cursor {
        private final RocksIterator it;
        private final ColumnFamily family;

        private Cursor(RocksIterator it, ColumnFamily family) {
            this.it = it;
            this.family = family;
        }

        /** Moves to the least key {@code >= target}. */
        void seek(byte[] target) {
            it.seek(target);
            check();
        }

        /** Moves to the greatest key {@code <= target}. */
        void seekForPrev(byte[] target) {
            it.seekForPrev(target);
            check();
        }

        void next() {
            it.next();
            check();
        }

        byte[] key() {
            return it.isValid() ? it.key() : null;
        }

        byte[] value() {
            return it.value();
        }

        /** A failed iteration ends the same way as the end of data unless its status is checked. */
        private void check() {
            if (!it.isValid()) {
                try {
                    it.status();
                } catch (RocksDBException e) {
                    throw failure("iterate " + family.familyName(), e);
                }
            }
        }

        static boolean startsWith(byte[] key, byte[] prefix) {
            return key != null && hasPrefix(key, prefix);
        }
    }

    /**
     * A cursor over {@code family} that stays open until closed: for walking a
     * whole family (or two in step) outside one callback. It reads one
     * consistent view of the family.
     */
    OpenCursor openCursor(ColumnFamily family) {
        requireOpen();
        RocksIterator it = db.newIterator(handles.get(family));
        it.seekToFirst();
        return new OpenCursor(it, family);
    }

    /** A forward walk over one family from its first key; {@link #key()} is null past the end. */
    static final class OpenCursor implements AutoCloseable {
        private final RocksIterator it;
        private final ColumnFamily family;

        private OpenCursor(RocksIterator it, ColumnFamily family) {
            this.it = it;
            this.family = family;
            check();
        }

        byte[] key() {
            return it.isValid() ? it.key() : null;
        }

        byte[] value() {
            return it.value();
        }

        void next() {
            it.next();
            check();
        }

        private void check() {
            if (!it.isValid()) {
                try {
                    it.status();
                } catch (RocksDBException e) {
                    throw failure("iterate " + family.familyName(), e);
                }
            }
        }

        @Override
        public void close() {
            it.close();
        }
    }

    /** Applies {@code fill} as one atomic write without fsync: for data that may be lost in a crash. */
    void write(Consumer<Batch> fill) {
        requireOpen();
        try (WriteBatch batch = new WriteBatch(); WriteOptions options = new WriteOptions()) {
            Batch b = new Batch(batch, handles);
            fill.accept(b);
            b.flush();
            db.write(options, batch);
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    /**
     * Applies the puts collected by {@code fill} as one atomic write, fsynced
     * before this returns: after a crash either all of them are present or none.
     */
    void writeSync(Consumer<Batch> fill) {
        requireOpen();
        try (WriteBatch batch = new WriteBatch()) {
            Batch b = new Batch(batch, handles);
            fill.accept(b);
            b.flush();
            db.write(blockWrites, batch);
        } catch (RocksDBException e) {
            throw failure("write a batch", e);
        }
    }

    /**
     * Writes collected for one {@link #write} or {@link #writeSync}. Each column
     * family's puts reach the {@link WriteBatch} in key order: RocksDB inserts a
     * batch into the memtable's skip list entry by entry, and an entry that
     * follows the previous one reuses its search path, while a random key
     * searches from the top. A block's state keys, transaction ids and tree
     * nodes are random, and that search was about a seventh of the block write's
     * time (profiled at 2,900 publish tx/s). The sort is stable and a range
     * deletion first writes out the puts before it, so the last write of a key
     * still wins, as in the order the caller gave.
     */
    static final class Batch {
        private final WriteBatch batch;
        private final Map<ColumnFamily, ColumnFamilyHandle> handles;
        private final Map<ColumnFamily, List<Put>> pending = new EnumMap<>(ColumnFamily.class);

        private record Put(byte[] key, byte[] value) {
        }

        private Batch(WriteBatch batch, Map<ColumnFamily, ColumnFamilyHandle> handles) {
            this.batch = batch;
            this.handles = handles;
        }

        /** Keeps {@code key} and {@code value} as they are until the write: the caller must not change them. */
        void put(ColumnFamily family, byte[] key, byte[] value) {
            pending.computeIfAbsent(family, f -> new ArrayList<>()).add(new Put(key, value));
        }

        /** Deletes the keys in {@code [from, to)}. */
        void deleteRange(ColumnFamily family, byte[] from, byte[] to) {
            flush(family);
            try {
                batch.deleteRange(handles.get(family), from, to);
            } catch (RocksDBException e) {
                throw failure("add a range deletion to a batch for " + family.familyName(), e);
            }
        }

        /** Moves every pending put into the write batch. */
        private void flush() {
            for (ColumnFamily family : List.copyOf(pending.keySet())) {
                flush(family);
            }
        }

        private void flush(ColumnFamily family) {
            List<Put> puts = pending.remove(family);
            if (puts == null) {
                return;
            }
            // RocksDB's default comparator orders keys as unsigned bytes.
            puts.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
            ColumnFamilyHandle handle = handles.get(family);
            try {
                for (Put p : puts) {
                    batch.put(handle, p.key(), p.value());
                }
            } catch (RocksDBException e) {
                throw failure("add to a batch for " + family.familyName(), e);
            }
        }
    }

    /**
     * A size estimate of {@code family} from RocksDB's properties, or empty once
     * the database is closed. Synchronised with {@link #close}, so a metrics
     * scrape racing a shutdown never reads freed native memory.
     */
    synchronized OptionalLong size(ColumnFamily family, StorageSize size) {
        if (closed) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(db.getLongProperty(handles.get(family), size.property()));
        } catch (RocksDBException e) {
            throw failure("read " + size.property() + " of " + family.familyName(), e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the ledger store is closed");
        }
    }

    private static StorageException failure(String action, RocksDBException e) {
        return new StorageException("RocksDB failed to " + action + ": " + e.getMessage()
                + (e.getStatus() == null ? "" : " (" + e.getStatus().getCodeString() + ")"), e);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeAll(resources);
            if (lockOrNull != null) {
                lockOrNull.close();
            }
        }
    }

    private static void closeAll(List<AbstractNativeReference> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }
}
