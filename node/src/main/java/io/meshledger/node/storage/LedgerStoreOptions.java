package io.meshledger.node.storage;

/**
 * How a {@link RocksLedgerStore} is opened.
 *
 * @param verifyDepth     how many blocks below the tip have their parent-hash links checked when the store opens
 * @param verifyAll       check every block's links on open, whatever {@code verifyDepth} says (slow on a long ledger)
 * @param blockCacheBytes size of the RocksDB block cache shared by all column families; bounds read-side memory
 */
public record LedgerStoreOptions(int verifyDepth, boolean verifyAll, long blockCacheBytes) {
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
        return new LedgerStoreOptions(DEFAULT_VERIFY_DEPTH, false, DEFAULT_BLOCK_CACHE_BYTES);
    }

    public LedgerStoreOptions withVerifyDepth(int depth) {
        return new LedgerStoreOptions(depth, verifyAll, blockCacheBytes);
    }

    /** The same options, but every block's links are checked on open. */
    public LedgerStoreOptions verifyingAll() {
        return new LedgerStoreOptions(verifyDepth, true, blockCacheBytes);
    }
}
