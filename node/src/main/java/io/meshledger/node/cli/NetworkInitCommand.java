package io.meshledger.node.cli;

import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.config.ListenAddress;
import io.meshledger.node.config.NetworkInitializer;
import io.meshledger.node.config.NetworkLayout;
import io.meshledger.node.config.NodeHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code meshledger network init}: writes CAs, identities, genesis.json and node.yaml files. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a complete network definition (CAs, node and user identities, genesis.json, node.yaml):"
                + " on this machine's loopback, or with --hosts on the hosts that will run the nodes.")
final class NetworkInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Directory to write the network into.")
    Path out;

    @Option(names = "--orgs", defaultValue = "2", description = "Number of organisations (default ${DEFAULT-VALUE}).")
    int orgs;

    @Option(names = "--nodes", defaultValue = "4", description = "Number of validator nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--base-port", defaultValue = "7050", description = "First port of each host (default ${DEFAULT-VALUE}):"
            + " the k-th node on a host uses base+10k (peers), base+10k+1 (clients) and base+10k+2 (metrics).")
    int basePort;

    @Option(names = "--hosts", split = ",", paramLabel = "HOST[,HOST...]",
            description = "Where each node is reached, in node order: one host name or IP address per node"
                    + " (default: 127.0.0.1 for every node). Written into genesis endpoints and node certificates.")
    List<String> hosts;

    @Option(names = "--listen", paramLabel = "ADDR",
            description = "IP address every node binds (written into node.yaml; default: 127.0.0.1 when every host is"
                    + " loopback, else 0.0.0.0).")
    String listen;

    @Option(names = "--chain-id", defaultValue = "meshledger-local", description = "Chain id (default ${DEFAULT-VALUE}).")
    String chainId;

    @Option(names = "--force", description = "Overwrite an existing network definition in --out.")
    boolean force;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        NetworkInitializer.Options options;
        try {
            List<NodeHost> nodeHosts = parseHosts();
            ListenAddress listenAddress = listen == null ? ListenAddress.defaultFor(nodeHosts) : parseListen();
            options = new NetworkInitializer.Options(out, chainId, orgs, nodes, basePort, force, nodeHosts, listenAddress);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Genesis genesis = new NetworkInitializer(new SecureRandom(), Clock.systemUTC()).initialise(options);
        NetworkLayout layout = new NetworkLayout(out);
        var w = spec.commandLine().getOut();
        w.printf("Network '%s' written to %s%n", genesis.chainId(), out.toAbsolutePath().normalize());
        w.printf("  genesis:       %s%n", layout.genesis());
        w.printf("  organisations: %d (users: %s)%n", genesis.organisations().size(),
                String.join(", ", NetworkInitializer.USERS));
        for (Validator v : genesis.validators().validators()) {
            w.printf("  %-6s %-5s peer %s  config %s%n", v.name(), v.org(), v.endpoint(), layout.nodeConfig(v.name()));
        }
        w.printf("Nodes listen on %s.%n", options.listen());
        w.printf("Tolerates %d faulty validator(s) of %d.%n", genesis.validators().maxFaulty(), genesis.validators().size());
        if (!options.hosts().stream().allMatch(NodeHost::isLoopback)) {
            w.printf("Copy genesis.json and each nodes/<node>/ directory to that node's host: network-config/DEPLOYMENT.md%n");
        }
        return 0;
    }

    /** {@code --hosts}, or loopback for every node; a node count mismatch is the options' to report. */
    private List<NodeHost> parseHosts() {
        if (hosts == null) {
            return Collections.nCopies(Math.max(nodes, 0), NodeHost.LOOPBACK);
        }
        List<NodeHost> parsed = new ArrayList<>();
        for (String h : hosts) {
            try {
                parsed.add(NodeHost.parse(h));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--hosts: " + e.getMessage(), e);
            }
        }
        return parsed;
    }

    private ListenAddress parseListen() {
        try {
            return ListenAddress.parse(listen);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--listen: " + e.getMessage(), e);
        }
    }
}
