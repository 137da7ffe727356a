package io.meshledger.node.storage;

/**
 * A store cannot be opened for inspection: the directory holds no ledger store,
 * or a running node holds it. The message is one line for the operator.
 */
public final class StoreUnavailableException extends StorageException {
    public StoreUnavailableException(String message) {
        super(message, null);
    }
}
