package io.meshledger.node.cli;

import picocli.CommandLine.Command;

/** {@code meshledger node ...}: running one node. */
@Command(name = "node", description = "Run a node.", mixinStandardHelpOptions = true,
        subcommands = {NodeStartCommand.class})
final class NodeCommand {
}
