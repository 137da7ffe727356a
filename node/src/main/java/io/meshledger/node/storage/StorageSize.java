package io.meshledger.node.storage;

/**
 * A size RocksDB estimates for one column family, read from its properties
 * (cheap: no disk access). Estimates, not exact counts: good for dashboards
 * and alerts on growth, not for accounting.
 */
public enum StorageSize {
    /** Bytes of the family's SST files on disk, every level, including data compaction will drop. */
    SST_FILES("rocksdb.total-sst-files-size"),
    /** RocksDB's estimate of the bytes of live (not yet overwritten or deleted) data. */
    LIVE_DATA("rocksdb.estimate-live-data-size"),
    /** Bytes held in memtables (active, immutable and pinned), not yet flushed. */
    MEMTABLES("rocksdb.cur-size-all-mem-tables");

    private final String property;

    StorageSize(String property) {
        this.property = property;
    }

    String property() {
        return property;
    }
}
