package io.meshledger.node.execution.sandbox;

/** The bytes are not a well-formed contract bundle; the message says which rule failed. */
final class InvalidBundleException extends RuntimeException {
    InvalidBundleException(String message) {
        super(message, null, false, false);
    }
}
