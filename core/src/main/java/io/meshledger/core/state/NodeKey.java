package io.meshledger.core.state;

import io.meshledger.core.DecodingException;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a tree node is stored: the version that wrote it and its path from the
 * root. A node, once written under a key, never changes; a later version that
 * changes the subtree writes a new node under its own version instead (copy on
 * write), so every older version stays readable until storage prunes it.
 * <p>
 * Encoding (the RocksDB key in column family {@code state_nodes}):
 * <pre>u64be(version) || u8(nibble count) || packed nibbles</pre>
 * with nibbles packed two per byte, high nibble first, and a zero low nibble
 * after an odd count: 9 to 41 bytes. Version comes first, so under RocksDB's
 * bytewise comparator (versions are non-negative, so big-endian order is
 * numeric order) all nodes written by one version are contiguous and in
 * ascending version order: a pruner deletes old versions with range scans,
 * and a block's writes land in one key range.
 */
public record NodeKey(long version, NibblePath path) {
    /** Shortest encoding: the root path. */
    public static final int MIN_ENCODED_LENGTH = Long.BYTES + 1;

    public NodeKey {
        if (version < 0) {
            throw new IllegalArgumentException("node version must be >= 0, got " + version);
        }
        Objects.requireNonNull(path, "path");
    }

    /** The key of the root node of {@code version}. */
    public static NodeKey root(long version) {
        return new NodeKey(version, NibblePath.EMPTY);
    }

    public byte[] encode() {
        byte[] packed = path.unsafePacked();
        return ByteBuffer.allocate(MIN_ENCODED_LENGTH + packed.length)
                .putLong(version)
                .put((byte) path.length())
                .put(packed)
                .array();
    }

    /**
     * Inverse of {@link #encode()}; accepts only canonical encodings.
     *
     * @throws DecodingException naming what is wrong with {@code bytes}
     */
    public static NodeKey decode(byte[] bytes) {
        if (bytes.length < MIN_ENCODED_LENGTH) {
            throw new DecodingException("node key needs at least " + MIN_ENCODED_LENGTH + " bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long version = b.getLong();
        if (version < 0) {
            throw new DecodingException("node key version must be >= 0, got " + version);
        }
        int nibbles = b.get() & 0xff;
        if (nibbles > NibblePath.MAX_LENGTH) {
            throw new DecodingException("node key path has at most " + NibblePath.MAX_LENGTH + " nibbles, got " + nibbles);
        }
        int expected = MIN_ENCODED_LENGTH + (nibbles + 1) / 2;
        if (bytes.length != expected) {
            throw new DecodingException("node key with " + nibbles + " nibbles is " + expected + " bytes, got "
                    + bytes.length);
        }
        try {
            return new NodeKey(version, NibblePath.fromPacked(Arrays.copyOfRange(bytes, MIN_ENCODED_LENGTH,
                    bytes.length), nibbles));
        } catch (IllegalArgumentException e) {
            throw new DecodingException("invalid node key path: " + e.getMessage(), e);
        }
    }

    /** Spreads the version so keys of consecutive versions at one path land far apart. */
    @Override
    public int hashCode() {
        long h = (version + 1) * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ h >>> 32) ^ path.hashCode();
    }

    @Override
    public String toString() {
        return "(version " + version + ", path " + path + ")";
    }
}
