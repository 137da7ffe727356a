package io.meshledger.node.execution;

import io.meshledger.contracts.StateEntry;
import io.meshledger.core.Bytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pending writes over a base view: a transaction's writes over its block's, or
 * a block's over committed state. Reads see the newest write; a failed
 * transaction's overlay is simply dropped, a successful one is merged into
 * its parent. Single-threaded, like execution.
 */
final class Overlay implements StateReader {
    /** Present: the new value; empty: deleted. */
    private final NavigableMap<SlotKey, Optional<Bytes>> writes = new TreeMap<>();
    private final StateReader base;

    Overlay(StateReader base) {
        this.base = base;
    }

    void put(String contract, byte[] key, byte[] value) {
        writes.put(new SlotKey(contract, Bytes.of(key)), Optional.of(Bytes.of(value)));
    }

    void delete(String contract, byte[] key) {
        writes.put(new SlotKey(contract, Bytes.of(key)), Optional.empty());
    }

    /** This overlay's writes, in key order. */
    NavigableMap<SlotKey, Optional<Bytes>> writes() {
        return writes;
    }

    /** Applies this overlay's writes to {@code parent} (whose view this overlay was built on). */
    void mergeInto(Overlay parent) {
        parent.writes.putAll(writes);
    }

    @Override
    public Optional<byte[]> get(String contract, byte[] key) {
        Optional<Bytes> pending = writes.get(new SlotKey(contract, Bytes.wrap(key)));
        if (pending != null) {
            return pending.map(Bytes::toArray);
        }
        return base.get(contract, key);
    }

    /**
     * Merges the base's page with pending writes. Pending deletions can hide at
     * most as many base entries as there are deletions in range, so asking the
     * base for {@code limit + deletions} entries always yields a complete page.
     */
    @Override
    public List<StateEntry> scan(String contract, byte[] prefix, byte[] startAfter, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        NavigableMap<SlotKey, Optional<Bytes>> pending = pendingInRange(contract, prefix, startAfter);
        int deletions = (int) pending.values().stream().filter(Optional::isEmpty).count();
        TreeMap<Bytes, byte[]> merged = new TreeMap<>();
        for (StateEntry e : base.scan(contract, prefix, startAfter, limit + deletions)) {
            merged.put(Bytes.wrap(e.key()), e.value());
        }
        pending.forEach((slot, value) -> {
            if (value.isPresent()) {
                merged.put(slot.key(), value.get().unsafeArray());
            } else {
                merged.remove(slot.key());
            }
        });
        List<StateEntry> out = new ArrayList<>(Math.min(limit, merged.size()));
        for (var e : merged.entrySet()) {
            if (out.size() == limit) {
                break;
            }
            out.add(new StateEntry(e.getKey().unsafeArray(), e.getValue()));
        }
        return out;
    }

    private NavigableMap<SlotKey, Optional<Bytes>> pendingInRange(String contract, byte[] prefix, byte[] startAfter) {
        SlotKey from = new SlotKey(contract, Bytes.wrap(startAfter != null && Arrays.compareUnsigned(startAfter, prefix) > 0
                ? startAfter : prefix));
        boolean inclusive = startAfter == null || Arrays.compareUnsigned(startAfter, prefix) < 0;
        NavigableMap<SlotKey, Optional<Bytes>> tail = writes.tailMap(from, inclusive);
        NavigableMap<SlotKey, Optional<Bytes>> out = new TreeMap<>();
        for (var e : tail.entrySet()) {
            SlotKey k = e.getKey();
            if (!k.contract().equals(contract) || !startsWith(k.key().unsafeArray(), prefix)) {
                break;
            }
            out.put(k, e.getValue());
        }
        return out;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
