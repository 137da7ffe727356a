package io.meshledger.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.util.Arrays;

/** Turns an exception from a command into one clear line on stderr (and the stack trace with --verbose). */
final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        boolean verbose = Arrays.asList(parsed.originalArgs().toArray(new String[0])).contains("--verbose");
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        String fromNode = io.meshledger.client.LedgerClient.describe(ex);
        if (fromNode != null) {
            message = fromNode;
        }
        cmd.getErr().println("error: " + message);
        if (verbose) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return ex instanceof UsageException ? 2 : 1;
    }
}
