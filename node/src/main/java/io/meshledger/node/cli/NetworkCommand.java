package io.meshledger.node.cli;

import picocli.CommandLine.Command;

/** {@code meshledger network ...}: network definitions. */
@Command(name = "network", description = "Create and inspect network definitions.",
        mixinStandardHelpOptions = true, subcommands = {NetworkInitCommand.class})
final class NetworkCommand {
}
