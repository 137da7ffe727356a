package io.meshledger.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Where SDK users start: connect to a network as one identity.
 *
 * <pre>{@code
 * try (MeshledgerClient client = Meshledger.connect(Path.of("net"), "org1", "publisher")) {
 *     client.publication().createDataset(DatasetSpec.of("sensors", DatasetVisibility.RESTRICTED));
 *     client.publication().publish(RecordDraft.of("sensors", "station-7", payload));
 * }
 * }</pre>
 */
public final class Meshledger {
    private Meshledger() {
    }

    /**
     * Connects to the network written by {@code meshledger network init} in
     * {@code networkDir}, acting as {@code org/user} (its certificate and key in
     * {@code networkDir/orgs/<org>/users/<user>/}), failing over between all its
     * nodes in genesis order, with {@link ClientOptions#defaults()}.
     *
     * @throws IllegalArgumentException if the directory lacks a file the network needs or the identity
     */
    public static MeshledgerClient connect(Path networkDir, String org, String user) {
        return connect(NetworkDefinition.load(networkDir), identity(networkDir, org, user), ClientOptions.defaults());
    }

    /** Connects to {@code network} as {@code identity} with {@link ClientOptions#defaults()}. */
    public static MeshledgerClient connect(NetworkDefinition network, ClientIdentity identity) {
        return connect(network, identity, ClientOptions.defaults());
    }

    /** Connects to {@code network} as {@code identity}. No call is made until the client is used. */
    public static MeshledgerClient connect(NetworkDefinition network, ClientIdentity identity, ClientOptions options) {
        return new MeshledgerClient(network, Objects.requireNonNull(identity, "identity"), options, new SecureRandom());
    }

    /** The identity {@code org/user} of a network directory written by {@code network init}. */
    public static ClientIdentity identity(Path networkDir, String org, String user) {
        Path dir = networkDir.resolve("orgs").resolve(org).resolve("users").resolve(user);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no identity " + org + "/" + user + " in " + networkDir
                    + " (looked in " + dir + ")");
        }
        return ClientIdentity.load(dir);
    }

    /**
     * The offline proof verifier for a network, from its genesis file alone: it
     * checks proofs returned with {@code withProof} reads (or written by
     * {@code meshledger get ... --proof}) without contacting any node.
     */
    public static io.meshledger.core.proof.ProofVerifier proofVerifier(Path genesisFile) {
        return new io.meshledger.core.proof.ProofVerifier(io.meshledger.core.genesis.GenesisCodec.load(genesisFile));
    }
}
