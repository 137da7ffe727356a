package io.meshledger.node.execution;

import io.meshledger.contracts.StateEntry;
import io.meshledger.core.Bytes;
import io.meshledger.node.storage.StateStore;
import io.meshledger.node.storage.StoredValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Committed state as of the end of one block. Point reads are remembered: the
 * state at a committed height never changes, and the transactions of a block
 * read the same keys again and again (every publication reads its dataset).
 * Serves one block's execution or one call: not thread-safe.
 */
final class CommittedState implements StateReader {
    private final StateStore store;
    private final long height;
    /** Values as read from the store, never handed out: callers get copies they may change. */
    private final Map<SlotKey, Optional<byte[]>> read = new HashMap<>();

    CommittedState(StateStore store, long height) {
        this.store = store;
        this.height = height;
    }

    @Override
    public Optional<byte[]> get(String contract, byte[] key) {
        SlotKey slot = new SlotKey(contract, Bytes.of(key));
        Optional<byte[]> value = read.get(slot);
        if (value == null) {
            value = store.stateValue(contract, key, height).map(v -> v.value().unsafeArray());
            read.put(slot, value);
        }
        return value.map(byte[]::clone);
    }

    @Override
    public List<StateEntry> scan(String contract, byte[] prefix, byte[] startAfter, int limit) {
        List<StoredValue> page = store.scanState(contract, prefix, startAfter, limit, height);
        return page.stream().map(v -> new StateEntry(v.key().unsafeArray(), v.value().unsafeArray())).toList();
    }
}
