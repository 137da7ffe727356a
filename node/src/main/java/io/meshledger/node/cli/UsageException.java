package io.meshledger.node.cli;

/** The command was given arguments (or a configuration) it cannot work with; exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
