package io.meshledger.node.storage;

/**
 * How a {@link RocksLedgerStore} is opened.
 *
 * @param verifyDepth     how many blocks below the tip have their parent-hash links checked when the store opens
 * @param verifyAll       check every block's links on open, whatever {@code verifyDepth} says (slow on a long ledger)
 * @param blockCacheBytes size of the RocksDB block cache of data blocks, shared by all column families; each
 *                        open table keeps its index and bloom filter outside it (about 1.25 bytes per key)
 * @param syncWrites      fsync every block's write batch; off only for scratch stores that are thrown away
 *                        after a crash (an audit's replay, a benchmark's bulk load), never for a node's ledger
 */
public record LedgerStoreOptions(int verifyDepth, boolean verifyAll, long blockCacheBytes, boolean syncWrites) {
    /** Blocks whose hash links are checked on open unless configured otherwise. */
    public static final int DEFAULT_VERIFY_DEPTH = 256;
    /** Block cache size unless configured otherwise: 64 MiB. */
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 64L << 20;

    public LedgerStoreOptions {
        if (verifyDepth < 1) {
            throw new IllegalArgumentException("verifyDepth must be >= 1, got " + verifyDepth);
        }
        if (blockCacheBytes < 1 << 20) {
            throw new IllegalArgumentException("blockCacheBytes must be at least 1 MiB, got " + blockCacheBytes);
        }
    }

    /** Check the last 256 blocks on open, 64 MiB block cache. */
    public static LedgerStoreOptions defaults() {
        return new LedgerStoreOptions(DEFAULT_VERIFY_DEPTH, false, DEFAULT_BLOCK_CACHE_BYTES, true);
    }

    public LedgerStoreOptions withVerifyDepth(int depth) {
        return new LedgerStoreOptions(depth, verifyAll, blockCacheBytes, syncWrites);
    }

    /** The same options, but every block's links are checked on open. */
    public LedgerStoreOptions verifyingAll() {
        return new LedgerStoreOptions(verifyDepth, true, blockCacheBytes, syncWrites);
    }

    /** The same options with a block cache of {@code bytes}. */
    public LedgerStoreOptions withBlockCacheBytes(long bytes) {
        return new LedgerStoreOptions(verifyDepth, verifyAll, bytes, syncWrites);
    }

    /** The same options without fsync per block: for scratch stores only (see {@code syncWrites}). */
    public LedgerStoreOptions scratch() {
        return new LedgerStoreOptions(verifyDepth, verifyAll, blockCacheBytes, false);
    }
}
