package io.meshledger.node.cli;

/** The command was given arguments it cannot work with; exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
