package io.meshledger.node.storage;

/**
 * The storage environment failed (disk, RocksDB). Unchecked: nothing in the
 * node can repair it, so the node stops cleanly instead of carrying on with a
 * store in an unknown state.
 */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
