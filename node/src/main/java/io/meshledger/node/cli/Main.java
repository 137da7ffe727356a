package io.meshledger.node.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/meshledger}. Every failure becomes one line on
 * stderr and a non-zero exit; stack traces only with {@code --verbose}.
 */
@Command(name = "meshledger",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Permissioned BFT ledger for data-sharing consortia.",
        subcommands = {DemoCommand.class, NetworkCommand.class, NodeCommand.class, UpCommand.class, DownCommand.class, StatusCommand.class, BenchCommand.class,
                DatasetCommand.class, PublishCommand.class, AccessCommand.GrantCommand.class, AccessCommand.RevokeCommand.class,
                AttestCommand.class, GetCommand.class, HistoryCommand.class, ContractCommand.class, SubscribeCommand.class,
                ProofCommand.class, AuditCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI on the process' standard streams and returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with the given output streams and returns the exit code (for embedding and tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorHandler());
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
