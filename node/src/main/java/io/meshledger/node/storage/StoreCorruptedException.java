package io.meshledger.node.storage;

import java.util.OptionalLong;

/**
 * Stored data contradicts itself: a block that does not decode, a hash link that
 * is broken, an accumulator root that does not match its header. Raised instead
 * of serving the bad data; the node halts and the operator restores the store
 * (from a backup or by syncing from peers).
 */
public final class StoreCorruptedException extends StorageException {
    private final OptionalLong height;

    private StoreCorruptedException(OptionalLong height, String message, Throwable cause) {
        super(message, cause);
        this.height = height;
    }

    /** Corruption found at block {@code height}; {@code what} says which check failed and with which values. */
    public static StoreCorruptedException atHeight(long height, String what) {
        return new StoreCorruptedException(OptionalLong.of(height), "store corrupted at height " + height + ": " + what, null);
    }

    public static StoreCorruptedException atHeight(long height, String what, Throwable cause) {
        return new StoreCorruptedException(OptionalLong.of(height), "store corrupted at height " + height + ": " + what, cause);
    }

    /** Corruption that belongs to no single height, such as unreadable metadata. */
    public static StoreCorruptedException general(String what, Throwable cause) {
        return new StoreCorruptedException(OptionalLong.empty(), "store corrupted: " + what, cause);
    }

    /** The height of the block found corrupt, when the corruption belongs to one. */
    public OptionalLong height() {
        return height;
    }
}
