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
 */
public record NodeConfig(String name, String org, Path genesis, Path dataDir, Path certificate, Path key,
                         Endpoint peerListen, Endpoint apiListen, int mempoolCapacity, long mempoolMaxBytes,
                         Optional<Endpoint> metricsListen) {
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
        if (mempoolCapacity < 1 || mempoolMaxBytes < 1024) {
            throw new IllegalArgumentException("mempool.capacity must be >= 1 and mempool.max_bytes >= 1024, got "
                    + mempoolCapacity + " and " + mempoolMaxBytes);
        }
    }
}
