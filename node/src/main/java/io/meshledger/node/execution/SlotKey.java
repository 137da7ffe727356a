package io.meshledger.node.execution;

import io.meshledger.core.Bytes;

import java.util.Objects;

/** A key of one contract's namespace; ordered by contract, then unsigned key bytes. */
record SlotKey(String contract, Bytes key) implements Comparable<SlotKey> {
    SlotKey {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public int compareTo(SlotKey o) {
        int c = contract.compareTo(o.contract);
        return c != 0 ? c : key.compareTo(o.key);
    }
}
