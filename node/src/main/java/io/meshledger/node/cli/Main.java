package io.meshledger.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/meshledger}. Every failure becomes one line on
 * stderr and a non-zero exit; stack traces only with {@code --verbose}.
 */
@Command(name = "meshledger",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Permissioned BFT ledger for data-sharing consortia.",
        subcommands = {NetworkCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        return cli.execute(args);
    }
}
