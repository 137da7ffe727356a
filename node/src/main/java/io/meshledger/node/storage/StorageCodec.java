package io.meshledger.node.storage;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.NodePosition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Fixed-width big-endian encodings of keys and small values. Big-endian keeps
 * RocksDB's byte order equal to numeric order for non-negative numbers. Decoders
 * check lengths and throw {@link IllegalArgumentException}; callers turn that
 * into a {@link StoreCorruptedException} naming what they were reading.
 */
final class StorageCodec {
    /** Metadata key of the tip: height (8) + hash (32) + tx count (8). */
    static final byte[] TIP_KEY = "tip".getBytes(StandardCharsets.US_ASCII);
    /** Metadata key of the schema version (4 bytes). */
    static final byte[] SAFETY_DATA_KEY = "safety_data".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PENDING_PREFIX = "pending/".getBytes(StandardCharsets.US_ASCII);
    static final byte[] COMMIT_PROOF_PREFIX = "commit/".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SCHEMA_VERSION_KEY = "schema_version".getBytes(StandardCharsets.US_ASCII);
    /** Metadata key of the {@link GenesisMarker}: which network's genesis the store belongs to. */
    static final byte[] GENESIS_KEY = "genesis".getBytes(StandardCharsets.US_ASCII);

    private static final int TIP_LENGTH = 8 + Hash.LENGTH + 8;
    private static final int LOCATION_LENGTH = 8 + 4 + 8;
    private static final int POSITION_LENGTH = 1 + 8;

    private StorageCodec() {
    }

    /** "commit/" followed by the big-endian height, so keys sort by height. */
    static byte[] commitProofKey(long height) {
        byte[] key = java.util.Arrays.copyOf(COMMIT_PROOF_PREFIX, COMMIT_PROOF_PREFIX.length + 8);
        System.arraycopy(height(height), 0, key, COMMIT_PROOF_PREFIX.length, 8);
        return key;
    }

    /** "pending/", big-endian height, block hash: kept proposals sort by height. */
    static byte[] pendingKey(long height, byte[] blockHash) {
        byte[] key = java.util.Arrays.copyOf(PENDING_PREFIX, PENDING_PREFIX.length + 8 + blockHash.length);
        System.arraycopy(height(height), 0, key, PENDING_PREFIX.length, 8);
        System.arraycopy(blockHash, 0, key, PENDING_PREFIX.length + 8, blockHash.length);
        return key;
    }

    static long commitProofHeight(byte[] key) {
        return height(java.util.Arrays.copyOfRange(key, COMMIT_PROOF_PREFIX.length, key.length));
    }

    static byte[] height(long height) {
        return ByteBuffer.allocate(8).putLong(height).array();
    }

    static long height(byte[] bytes) {
        requireLength(bytes, 8, "height");
        return ByteBuffer.wrap(bytes).getLong();
    }

    static byte[] intValue(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    static int intValue(byte[] bytes) {
        requireLength(bytes, 4, "int");
        return ByteBuffer.wrap(bytes).getInt();
    }

    static byte[] position(NodePosition position) {
        return ByteBuffer.allocate(POSITION_LENGTH).put((byte) position.level()).putLong(position.index()).array();
    }

    static Hash hash(byte[] bytes) {
        requireLength(bytes, Hash.LENGTH, "hash");
        return Hash.of(bytes);
    }

    static byte[] location(TransactionLocation location) {
        return ByteBuffer.allocate(LOCATION_LENGTH)
                .putLong(location.height())
                .putInt(location.index())
                .putLong(location.globalIndex())
                .array();
    }

    static TransactionLocation location(byte[] bytes) {
        requireLength(bytes, LOCATION_LENGTH, "transaction location");
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new TransactionLocation(b.getLong(), b.getInt(), b.getLong());
    }

    static byte[] tip(Tip tip) {
        return ByteBuffer.allocate(TIP_LENGTH)
                .putLong(tip.height())
                .put(tip.hash().unsafeArray())
                .putLong(tip.txCount())
                .array();
    }

    static Tip tip(byte[] bytes) {
        requireLength(bytes, TIP_LENGTH, "tip");
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long height = b.getLong();
        byte[] hash = new byte[Hash.LENGTH];
        b.get(hash);
        return new Tip(height, Hash.of(hash), b.getLong());
    }

    private static void requireLength(byte[] bytes, int expected, String what) {
        if (bytes.length != expected) {
            throw new IllegalArgumentException(what + " must be " + expected + " bytes, got " + bytes.length);
        }
    }
}
