package io.meshledger.node.execution;

import io.meshledger.contracts.StateEntry;
import io.meshledger.node.storage.StateStore;
import io.meshledger.node.storage.StoredValue;

import java.util.List;
import java.util.Optional;

/** Committed state as of the end of one block. */
final class CommittedState implements StateReader {
    private final StateStore store;
    private final long height;

    CommittedState(StateStore store, long height) {
        this.store = store;
        this.height = height;
    }

    @Override
    public Optional<byte[]> get(String contract, byte[] key) {
        return store.stateValue(contract, key, height).map(v -> v.value().toArray());
    }

    @Override
    public List<StateEntry> scan(String contract, byte[] prefix, byte[] startAfter, int limit) {
        List<StoredValue> page = store.scanState(contract, prefix, startAfter, limit, height);
        return page.stream().map(v -> new StateEntry(v.key().unsafeArray(), v.value().unsafeArray())).toList();
    }
}
