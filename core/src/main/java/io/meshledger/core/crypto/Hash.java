package io.meshledger.core.crypto;

import io.meshledger.core.Bytes;

import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte SHA-256 digest. Immutable; compares by content. */
public final class Hash implements Comparable<Hash> {
    /** Length of every hash in bytes. */
    public static final int LENGTH = 32;
    /** All zero bytes: the parent of the genesis block and the root of nothing. */
    public static final Hash ZERO = new Hash(new byte[LENGTH]);

    private final byte[] value;

    private Hash(byte[] value) {
        this.value = value;
    }

    /** Copies a 32-byte array. */
    public static Hash of(byte[] value) {
        if (value.length != LENGTH) {
            throw new IllegalArgumentException("hash must be " + LENGTH + " bytes, got " + value.length);
        }
        return new Hash(value.clone());
    }

    /** Copies the 32 bytes of {@code source} at {@code offset}: a hash inside an encoding, with one copy. */
    public static Hash copyOf(byte[] source, int offset) {
        return new Hash(Arrays.copyOfRange(source, offset, Math.addExact(offset, LENGTH)));
    }

    /** Takes ownership of a freshly computed digest. */
    static Hash wrap(byte[] value) {
        return new Hash(value);
    }

    public static Hash fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public byte[] toArray() {
        return value.clone();
    }

    /** The backing array, for hashing and encoding without a copy. Never modify it. */
    public byte[] unsafeArray() {
        return value;
    }

    public Bytes toBytes() {
        return Bytes.wrap(value.clone());
    }

    public String toHex() {
        return HexFormat.of().formatHex(value);
    }

    /** The first 8 hex digits, for logs. */
    public String shortHex() {
        return toHex().substring(0, 8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return (value[0] & 0xff) << 24 | (value[1] & 0xff) << 16 | (value[2] & 0xff) << 8 | (value[3] & 0xff);
    }

    @Override
    public int compareTo(Hash o) {
        return Arrays.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
