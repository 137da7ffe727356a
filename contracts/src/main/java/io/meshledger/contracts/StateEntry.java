package io.meshledger.contracts;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** One key and its value, as {@link StateView#scan} returns them. Immutable: arrays are copied in and out. */
public final class StateEntry {
    private final byte[] key;
    private final byte[] value;

    public StateEntry(byte[] key, byte[] value) {
        this.key = Objects.requireNonNull(key, "key").clone();
        this.value = Objects.requireNonNull(value, "value").clone();
    }

    public byte[] key() {
        return key.clone();
    }

    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateEntry e && Arrays.equals(key, e.key) && Arrays.equals(value, e.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "StateEntry[" + HexFormat.of().formatHex(key) + " = " + value.length + " bytes]";
    }
}
