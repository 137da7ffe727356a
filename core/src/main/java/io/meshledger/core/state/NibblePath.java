package io.meshledger.core.state;

import io.meshledger.core.crypto.Hash;

import java.util.Arrays;
import java.util.Objects;

/**
 * A path from the root through 16-ary nodes: up to 64 nibbles (4-bit digits) of
 * a key hash, high nibble of each byte first. Immutable.
 * <p>
 * Packed two nibbles per byte; when the length is odd the unused low nibble of
 * the last byte is zero, so every path has exactly one packed form (the
 * encoding of {@link NodeKey} relies on this).
 */
public final class NibblePath {
    /** A key hash has 64 nibbles; no node lies deeper. */
    public static final int MAX_LENGTH = Hash.LENGTH * 2;
    /** The root's path. */
    public static final NibblePath EMPTY = new NibblePath(new byte[0], 0);

    private final byte[] packed;
    private final int length;
    /** Cached {@link #hashCode()}, 0 until computed: paths are hash map keys in every tree update. */
    private int hash;

    private NibblePath(byte[] packed, int length) {
        this.packed = packed;
        this.length = length;
    }

    /** A path of the given nibbles, each in [0, 15]. */
    public static NibblePath of(int... nibbles) {
        if (nibbles.length > MAX_LENGTH) {
            throw new IllegalArgumentException("a path has at most " + MAX_LENGTH + " nibbles, got " + nibbles.length);
        }
        byte[] packed = new byte[(nibbles.length + 1) / 2];
        for (int i = 0; i < nibbles.length; i++) {
            int n = nibbles[i];
            if (n < 0 || n > 15) {
                throw new IllegalArgumentException("nibble " + i + " must be in [0, 15], got " + n);
            }
            packed[i / 2] |= (byte) ((i & 1) == 0 ? n << 4 : n);
        }
        return new NibblePath(packed, nibbles.length);
    }

    /** The first {@code length} nibbles of {@code keyHash}. */
    public static NibblePath prefixOf(Hash keyHash, int length) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("prefix length must be in [0, " + MAX_LENGTH + "], got " + length);
        }
        byte[] packed = Arrays.copyOf(keyHash.unsafeArray(), (length + 1) / 2);
        if ((length & 1) == 1) {
            packed[packed.length - 1] &= (byte) 0xf0;
        }
        return new NibblePath(packed, length);
    }

    /**
     * Rebuilds a path from its packed form.
     *
     * @throws IllegalArgumentException if the length is out of range, the array
     *         has the wrong size, or the unused low nibble is not zero
     */
    public static NibblePath fromPacked(byte[] packed, int length) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("path length must be in [0, " + MAX_LENGTH + "], got " + length);
        }
        if (packed.length != (length + 1) / 2) {
            throw new IllegalArgumentException("a path of " + length + " nibbles packs into " + (length + 1) / 2
                    + " bytes, got " + packed.length);
        }
        if ((length & 1) == 1 && (packed[packed.length - 1] & 0x0f) != 0) {
            throw new IllegalArgumentException("unused low nibble of an odd-length path must be zero");
        }
        return new NibblePath(packed.clone(), length);
    }

    /** Nibble {@code index} of {@code keyHash}. */
    public static int nibbleOf(Hash keyHash, int index) {
        int b = keyHash.unsafeArray()[index >>> 1] & 0xff;
        return (index & 1) == 0 ? b >>> 4 : b & 0x0f;
    }

    public int length() {
        return length;
    }

    /** Nibble {@code index}, in [0, 15]. */
    public int nibble(int index) {
        Objects.checkIndex(index, length);
        int b = packed[index >>> 1] & 0xff;
        return (index & 1) == 0 ? b >>> 4 : b & 0x0f;
    }

    /** This path extended by one nibble: the path of a child slot. */
    public NibblePath child(int nibble) {
        if (nibble < 0 || nibble > 15) {
            throw new IllegalArgumentException("nibble must be in [0, 15], got " + nibble);
        }
        if (length == MAX_LENGTH) {
            throw new IllegalStateException("a path of " + MAX_LENGTH + " nibbles has no children");
        }
        byte[] next = Arrays.copyOf(packed, (length + 2) / 2);
        next[length >>> 1] |= (byte) ((length & 1) == 0 ? nibble << 4 : nibble);
        return new NibblePath(next, length + 1);
    }

    /** The packed form: two nibbles per byte, high first, unused low nibble zero. */
    public byte[] packed() {
        return packed.clone();
    }

    byte[] unsafePacked() {
        return packed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NibblePath other && length == other.length && Arrays.equals(packed, other.packed);
    }

    /**
     * Mixed like a 64-bit finaliser: stores hold millions of paths only a few
     * bytes long, where {@link Arrays#hashCode(byte[])} collides heavily and
     * turns hash map buckets into trees.
     */
    @Override
    public int hashCode() {
        int cached = hash;
        if (cached == 0) {
            cached = mix();
            hash = cached;
        }
        return cached;
    }

    private int mix() {
        long h = length;
        for (byte b : packed) {
            h = (h ^ (b & 0xff)) * 0x9E3779B97F4A7C15L;
        }
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return (int) (h ^ h >>> 32);
    }

    /** Hex digits, one per nibble; "(root)" for the empty path. */
    @Override
    public String toString() {
        if (length == 0) {
            return "(root)";
        }
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(Character.forDigit(nibble(i), 16));
        }
        return s.toString();
    }
}
