package io.meshledger.node.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One node's settings, from its {@code node.yaml}. Relative paths in the file
 * are resolved against the file's directory, so a network directory can be moved.
 *
 * @param name            node name, matching a validator in genesis
 * @param org             organisation running the node
 * @param genesis         path of {@code genesis.json}
 * @param dataDir         RocksDB directory
 * @param certificate     node certificate (PEM)
 * @param key             node private key (PKCS#8 PEM)
 * @param peerListen      address for peer traffic (mutual TLS)
 * @param apiListen       address for the client API
 * @param mempoolCapacity most pending transactions held
 * @param mempoolMaxBytes most bytes of pending transactions held
 * @param metricsListen   address serving Prometheus metrics at {@code /metrics}; none when absent
 * @param blockCacheMb    size of the ledger store's RocksDB block cache, in MiB
 */
public record NodeConfig(String name, String org, Path genesis, Path dataDir, Path certificate, Path key,
                         Endpoint peerListen, Endpoint apiListen, int mempoolCapacity, long mempoolMaxBytes,
                         Optional<Endpoint> metricsListen, int blockCacheMb) {
    /** Bounds of {@code mempool.capacity}. */
    public static final int MIN_MEMPOOL_CAPACITY = 1;
    public static final int MAX_MEMPOOL_CAPACITY = 10_000_000;
    /** Bounds of {@code mempool.max_bytes}: 1 KiB to 64 GiB. */
    public static final long MIN_MEMPOOL_MAX_BYTES = 1024;
    public static final long MAX_MEMPOOL_MAX_BYTES = 64L << 30;
    /** Bounds of {@code storage.block_cache_mb}: below 8 MiB every read misses; above 64 GiB is a typo. */
    public static final int MIN_BLOCK_CACHE_MB = 8;
    public static final int MAX_BLOCK_CACHE_MB = 65_536;
    /** The block cache unless configured otherwise: 64 MiB, the size every store had before it was configurable. */
    public static final int DEFAULT_BLOCK_CACHE_MB = 64;

    public NodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(genesis, "genesis");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(peerListen, "peerListen");
        Objects.requireNonNull(apiListen, "apiListen");
        Objects.requireNonNull(metricsListen, "metricsListen");
        if (mempoolCapacity < MIN_MEMPOOL_CAPACITY || mempoolCapacity > MAX_MEMPOOL_CAPACITY
                || mempoolMaxBytes < MIN_MEMPOOL_MAX_BYTES || mempoolMaxBytes > MAX_MEMPOOL_MAX_BYTES) {
            throw new IllegalArgumentException("mempool.capacity must be in [" + MIN_MEMPOOL_CAPACITY + ", "
                    + MAX_MEMPOOL_CAPACITY + "] and mempool.max_bytes in [" + MIN_MEMPOOL_MAX_BYTES + ", "
                    + MAX_MEMPOOL_MAX_BYTES + "], got " + mempoolCapacity + " and " + mempoolMaxBytes);
        }
        if (blockCacheMb < MIN_BLOCK_CACHE_MB || blockCacheMb > MAX_BLOCK_CACHE_MB) {
            throw new IllegalArgumentException("storage.block_cache_mb must be in [" + MIN_BLOCK_CACHE_MB + ", "
                    + MAX_BLOCK_CACHE_MB + "], got " + blockCacheMb);
        }
    }

    /** Settings with the default block cache ({@value #DEFAULT_BLOCK_CACHE_MB} MiB). */
    public NodeConfig(String name, String org, Path genesis, Path dataDir, Path certificate, Path key,
                      Endpoint peerListen, Endpoint apiListen, int mempoolCapacity, long mempoolMaxBytes,
                      Optional<Endpoint> metricsListen) {
        this(name, org, genesis, dataDir, certificate, key, peerListen, apiListen, mempoolCapacity, mempoolMaxBytes,
                metricsListen, DEFAULT_BLOCK_CACHE_MB);
    }

    /** The block cache size in bytes. */
    public long blockCacheBytes() {
        return (long) blockCacheMb << 20;
    }
}
