package io.meshledger.node.execution;

import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.contracts.StateEntry;
import io.meshledger.contracts.StateView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A contract namespace in a TreeMap ordered as unsigned bytes, copying arrays in and out like the real one. */
public final class InMemoryState implements StateView {
    private final TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);

    @Override
    public Optional<byte[]> get(byte[] key) {
        return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        checkKey(key);
        entries.put(key.clone(), value.clone());
    }

    @Override
    public void delete(byte[] key) {
        checkKey(key);
        entries.remove(key);
    }

    @Override
    public List<StateEntry> scan(byte[] prefix, byte[] startAfter, int limit) {
        List<StateEntry> found = new ArrayList<>();
        Map<byte[], byte[]> tail = startAfter == null ? entries.tailMap(prefix, true) : entries.tailMap(startAfter, false);
        for (Map.Entry<byte[], byte[]> e : tail.entrySet()) {
            if (found.size() >= limit || !startsWith(e.getKey(), prefix)) {
                break;
            }
            found.add(new StateEntry(e.getKey(), e.getValue()));
        }
        return found;
    }

    public int size() {
        return entries.size();
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static void checkKey(byte[] key) {
        if (key.length == 0 || key.length > MAX_KEY_BYTES) {
            throw new ContractException(FailureCodes.INVALID_ARGUMENT, "bad key length " + key.length);
        }
    }
}
