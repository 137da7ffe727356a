package io.meshledger.contracts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One contract's namespace during one transaction: the committed map below,
 * this transaction's writes on top (a deletion is an empty value). Nothing
 * reaches the committed map until {@link #commit}, so a failed invocation's
 * writes are simply dropped with the overlay.
 */
final class Overlay implements StateView {
    static final java.util.Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    private final NavigableMap<byte[], byte[]> committed;
    private final NavigableMap<byte[], Optional<byte[]>> writes = new TreeMap<>(UNSIGNED);
    private final boolean readOnly;

    Overlay(NavigableMap<byte[], byte[]> committed, boolean readOnly) {
        this.committed = committed;
        this.readOnly = readOnly;
    }

    /** A view of the same overlay that refuses writes, for read-only calls within the transaction. */
    StateView readOnlyView() {
        Overlay self = this;
        return new StateView() {
            @Override
            public Optional<byte[]> get(byte[] key) {
                return self.get(key);
            }

            @Override
            public void put(byte[] key, byte[] value) {
                throw readOnlyFailure();
            }

            @Override
            public void delete(byte[] key) {
                throw readOnlyFailure();
            }

            @Override
            public List<StateEntry> scan(byte[] prefix, byte[] startAfter, int limit) {
                return self.scan(prefix, startAfter, limit);
            }
        };
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        Optional<byte[]> written = writes.get(key);
        if (written != null) {
            return written.map(byte[]::clone);
        }
        return Optional.ofNullable(committed.get(key)).map(byte[]::clone);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        checkWritable(key);
        writes.put(key.clone(), Optional.of(value.clone()));
    }

    @Override
    public void delete(byte[] key) {
        checkWritable(key);
        writes.put(key.clone(), Optional.empty());
    }

    @Override
    public List<StateEntry> scan(byte[] prefix, byte[] startAfter, int limit) {
        TreeMap<byte[], byte[]> merged = new TreeMap<>(UNSIGNED);
        for (Map.Entry<byte[], byte[]> e : committed.tailMap(prefix, true).entrySet()) {
            if (!startsWith(e.getKey(), prefix)) {
                break;
            }
            merged.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<byte[], Optional<byte[]>> e : writes.tailMap(prefix, true).entrySet()) {
            if (!startsWith(e.getKey(), prefix)) {
                break;
            }
            if (e.getValue().isPresent()) {
                merged.put(e.getKey(), e.getValue().get());
            } else {
                merged.remove(e.getKey());
            }
        }
        NavigableMap<byte[], byte[]> range = startAfter == null ? merged : merged.tailMap(startAfter, false);
        List<StateEntry> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : range.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(new StateEntry(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Applies this transaction's writes to the committed map. */
    void commit() {
        for (Map.Entry<byte[], Optional<byte[]>> e : writes.entrySet()) {
            if (e.getValue().isPresent()) {
                committed.put(e.getKey(), e.getValue().get());
            } else {
                committed.remove(e.getKey());
            }
        }
    }

    private void checkWritable(byte[] key) {
        if (readOnly) {
            throw readOnlyFailure();
        }
        if (key.length == 0 || key.length > MAX_KEY_BYTES) {
            throw new ContractException(FailureCodes.INVALID_ARGUMENT, "key of " + key.length + " bytes");
        }
    }

    private static ContractException readOnlyFailure() {
        return new ContractException(FailureCodes.READ_ONLY, "write in a read-only call");
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
