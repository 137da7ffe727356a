package io.meshledger.node.execution;

import io.meshledger.contracts.StateEntry;

import java.util.List;
import java.util.Optional;

/** Read access to contract state at one point of execution: committed state, possibly under pending writes. */
interface StateReader {

    Optional<byte[]> get(String contract, byte[] key);

    /** Present keys of {@code contract} with {@code prefix}, after {@code startAfter} (null: from the first), in key order. */
    List<StateEntry> scan(String contract, byte[] prefix, byte[] startAfter, int limit);
}
