package io.meshledger.node.cli;

import io.meshledger.client.ClientIdentity;
import io.meshledger.client.LedgerClient;
import io.meshledger.client.TransactionFactory;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.SubmitAndWaitResponse;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options every publisher and reader command shares ({@code --network},
 * {@code --as}, {@code --node}), and what they need from them: a client that
 * fails over between the network's nodes, and the caller's signing identity.
 */
final class ClientSession {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(60);
    private static final long QUERY_VALIDITY_BLOCKS = 100;

    @Option(names = "--network", required = true, description = "Network directory (as written by network init).")
    Path network;

    @Option(names = "--as", description = "Identity to act as: <org>/<user>, e.g. org1/publisher.")
    String as;

    @Option(names = "--node", description = "Endpoint host:port to use instead of the network's nodes.")
    String node;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    /** A client for {@code --node}, else for every node of the network, in order. */
    LedgerClient client() {
        return new LedgerClient(endpoints(), CALL_TIMEOUT);
    }

    /** {@code --node}, else every node of the network, in order. */
    List<LedgerClient.Endpoint> endpoints() {
        List<LedgerClient.Endpoint> endpoints = new ArrayList<>();
        if (node != null) {
            endpoints.add(LedgerClient.Endpoint.parse(node));
        } else {
            LocalNetwork net = new LocalNetwork(network);
            for (String n : net.nodeNames()) {
                endpoints.add(net.clientEndpoint(n));
            }
        }
        return endpoints;
    }

    /** The identity named by {@code --as}, loaded from the network directory. */
    ClientIdentity identity() {
        if (as == null || !as.matches("[^/]+/[^/]+")) {
            throw new UsageException("--as <org>/<user> is required, e.g. --as org1/publisher");
        }
        String[] parts = as.split("/");
        Path dir = new io.meshledger.node.config.NetworkLayout(network).userDir(parts[0], parts[1]);
        if (!Files.isDirectory(dir)) {
            throw new UsageException("no identity " + as + " in " + network + " (looked in " + dir + ")");
        }
        return ClientIdentity.load(dir);
    }

    /**
     * Signs a call for {@code --as}, submits it and waits for its commit.
     *
     * @return the committed transaction's id, height and receipt
     */
    Committed submit(LedgerClient client, String contract, String method, byte[] args) {
        LocalNetwork net = new LocalNetwork(network);
        TransactionFactory factory = new TransactionFactory(net.genesis().chainId(), identity(), new SecureRandom());
        long tip = client.status().getHeight();
        SignedTransaction tx = factory.create(contract, method, args, tip + net.genesis().limits().expiryWindow() / 2);
        SubmitAndWaitResponse r = client.submitAndWait(tx, COMMIT_WAIT);
        if (!r.hasReceipt()) {
            throw new IllegalStateException("transaction " + tx.id() + " committed at height "
                    + r.getLocation().getHeight() + " but the node returned no receipt");
        }
        return new Committed(tx.id(), r.getLocation().getHeight(), Receipt.decode(r.getReceipt().toByteArray()));
    }

    /**
     * Runs a read-only contract method as {@code --as} (signed, so the contract
     * can check the caller's grants) and returns its result.
     */
    byte[] query(LedgerClient client, String contract, String method, byte[] args) {
        LocalNetwork net = new LocalNetwork(network);
        TransactionFactory factory = new TransactionFactory(net.genesis().chainId(), identity(), new SecureRandom());
        long tip = client.status().getHeight();
        // A short expiry bounds how long this signed query could be replayed.
        SignedTransaction query = factory.create(contract, method, args, tip + QUERY_VALIDITY_BLOCKS);
        return client.call(query).getResult().toByteArray();
    }

    /**
     * A signed read authorisation for {@code --as} (see api.proto), so reads of
     * restricted records carry the caller's grants; none without {@code --as}.
     */
    java.util.Optional<io.meshledger.proto.v1.Transaction> readAuthorisation(LedgerClient client) {
        if (as == null) {
            return java.util.Optional.empty();
        }
        LocalNetwork net = new LocalNetwork(network);
        TransactionFactory factory = new TransactionFactory(net.genesis().chainId(), identity(), new SecureRandom());
        long tip = client.status().getHeight();
        return java.util.Optional.of(factory.create(io.meshledger.node.api.ContractReadAccess.READ_CONTRACT,
                io.meshledger.node.api.ContractReadAccess.READ_METHOD, new byte[0], tip + QUERY_VALIDITY_BLOCKS).toProto());
    }

    /** A committed transaction: id, height and receipt. */
    record Committed(Hash txId, long height, Receipt receipt) {
    }
}
