package io.meshledger.node.storage;

/**
 * A store cannot be opened: the directory holds no ledger store, or a running
 * node holds it. The message is one line for the operator.
 */
public final class StoreUnavailableException extends StorageException {
    private final boolean inUse;

    public StoreUnavailableException(String message) {
        this(message, false);
    }

    private StoreUnavailableException(String message, boolean inUse) {
        super(message, null);
        this.inUse = inUse;
    }

    /** The store is held by a running process (its RocksDB {@code LOCK} is taken). */
    static StoreUnavailableException inUse(String message) {
        return new StoreUnavailableException(message, true);
    }

    /** Whether a running process holds the store, as opposed to the directory not holding one. */
    public boolean inUse() {
        return inUse;
    }
}
