package io.meshledger.node.startup;

import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.genesis.GenesisException;
import io.meshledger.node.config.ConfigException;
import io.meshledger.node.config.NodeConfig;

import java.nio.file.Files;
import java.util.Objects;

/**
 * Everything a node checks before it opens its store or a socket, in order:
 * genesis loads, the node is one of its validators and its identity files
 * match, every listen address is free, and the data directory is empty or
 * belongs to this genesis and is not held by a running node. A failure is one
 * {@link ConfigException} naming the node.yaml key; nothing has been opened or
 * written by then.
 *
 * @param genesis  the network's genesis
 * @param identity this node's validator entry, certificate and key
 */
public record Preflight(Genesis genesis, NodeIdentity identity) {
    public Preflight {
        Objects.requireNonNull(genesis, "genesis");
        Objects.requireNonNull(identity, "identity");
    }

    /** Runs every check against {@code config}. */
    public static Preflight run(NodeConfig config) {
        Genesis genesis = loadGenesis(config);
        NodeIdentity identity = NodeIdentity.load(config, genesis);
        ListenAddresses.checkFree(config);
        DataDirectory.check(config, genesis);
        return new Preflight(genesis, identity);
    }

    private static Genesis loadGenesis(NodeConfig config) {
        try {
            return GenesisCodec.load(config.genesis());
        } catch (GenesisException e) {
            String fix = Files.exists(config.genesis())
                    ? "restore the genesis.json every node of this network shares, unchanged"
                    : "point genesis at the network's genesis.json; a relative path resolves against node.yaml's"
                    + " directory";
            throw ConfigException.problem("genesis", e.getMessage(), fix, e);
        }
    }
}
