package io.meshledger.contracts;

import java.util.List;
import java.util.Optional;

/**
 * A contract's own key-value namespace at the point of execution: committed
 * state, plus this block's earlier transactions, plus this invocation's own
 * writes. Keys and values are arbitrary bytes; arrays passed in are copied and
 * arrays returned are fresh, so neither side can change the other's.
 */
public interface StateView {

    /** Largest key accepted, in bytes. */
    int MAX_KEY_BYTES = 1024;

    /** The value under {@code key}, or empty if absent (never written, or deleted). */
    Optional<byte[]> get(byte[] key);

    /**
     * Sets {@code key} to {@code value}.
     *
     * @throws ContractException with {@link FailureCodes#READ_ONLY} in a read-only call, or
     *                           {@link FailureCodes#INVALID_ARGUMENT} for an empty or oversized key
     */
    void put(byte[] key, byte[] value);

    /** Removes {@code key}; removing an absent key is a no-op. Same failures as {@link #put}. */
    void delete(byte[] key);

    /**
     * Up to {@code limit} entries whose keys start with {@code prefix}, in
     * ascending unsigned byte order of key, starting after {@code startAfter}
     * (exclusive; null to start at the first). Page through large ranges by
     * passing the last key returned.
     */
    List<StateEntry> scan(byte[] prefix, byte[] startAfter, int limit);
}
