package io.meshledger.node.cli;

/** A transaction committed but failed: its receipt's code and message, for the one-line error. */
final class TransactionFailedException extends RuntimeException {
    TransactionFailedException(String txId, long height, String code, String message) {
        super(code + ": " + message + " (transaction " + txId + " committed at height " + height
                + " and changed nothing)");
    }
}
