package io.meshledger.core;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string. Arrays are copied in and out so no holder can change
 * a value another stage already hashed or verified.
 */
public final class Bytes implements Comparable<Bytes> {
    private static final HexFormat HEX = HexFormat.of();
    /** The empty byte string. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** Copies {@code data}. */
    public static Bytes of(byte[] data) {
        return new Bytes(data.clone());
    }

    /** Takes ownership of {@code data}: the caller must not change it afterwards. */
    public static Bytes wrap(byte[] data) {
        return new Bytes(data);
    }

    /** Parses lower- or upper-case hex. */
    public static Bytes fromHex(String hex) {
        return new Bytes(HEX.parseHex(hex));
    }

    public int length() {
        return data.length;
    }

    public byte get(int index) {
        return data[index];
    }

    /** A copy of the content. */
    public byte[] toArray() {
        return data.clone();
    }

    /**
     * The backing array, for hot paths that only read it (hashing, signature
     * checks, wrapping into protobuf without a copy). Never modify it: every
     * holder relies on a {@code Bytes} never changing.
     */
    public byte[] unsafeArray() {
        return data;
    }

    public String toHex() {
        return HEX.formatHex(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(data, o.data);
    }

    @Override
    public String toString() {
        return data.length <= 32 ? toHex() : toHex().substring(0, 64) + "...(" + data.length + " bytes)";
    }
}
