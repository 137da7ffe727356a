package io.meshledger.node.cli;

import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.config.NetworkInitializer;
import io.meshledger.node.config.NetworkLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code meshledger network init}: writes CAs, identities, genesis.json and node.yaml files. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a complete local network definition (CAs, node and user identities, genesis.json, node.yaml).")
final class NetworkInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Directory to write the network into.")
    Path out;

    @Option(names = "--orgs", defaultValue = "2", description = "Number of organisations (default ${DEFAULT-VALUE}).")
    int orgs;

    @Option(names = "--nodes", defaultValue = "4", description = "Number of validator nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--base-port", defaultValue = "7050", description = "First port; node i uses base+10i (peers) and base+10i+1 (clients).")
    int basePort;

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
            options = new NetworkInitializer.Options(out, chainId, orgs, nodes, basePort, force);
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
        w.printf("Tolerates %d faulty validator(s) of %d.%n", genesis.validators().maxFaulty(), genesis.validators().size());
        return 0;
    }
}
