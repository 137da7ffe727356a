package io.meshledger.node.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Damages a closed store on purpose, straight through RocksDB, bypassing every
 * check of the ledger store: for tests that must see an audit (or a node) find
 * the damage. Public so the end-to-end tests can use it on a node's data directory.
 */
public final class StoreTampering {
    private StoreTampering() {
    }

    /** Replaces the encoded block at {@code height} with {@code edit} of it. */
    public static void editBlock(Path directory, long height, UnaryOperator<byte[]> edit) {
        edit(directory, ColumnFamily.BLOCKS, StorageCodec.height(height), edit);
    }

    public static byte[] block(Path directory, long height) {
        return get(directory, ColumnFamily.BLOCKS, StorageCodec.height(height));
    }

    public static void deleteBlock(Path directory, long height) {
        try (RawRocks raw = RawRocks.open(directory)) {
            raw.delete(ColumnFamily.BLOCKS, StorageCodec.height(height));
        }
    }

    public static void editReceipt(Path directory, long height, int index, UnaryOperator<byte[]> edit) {
        edit(directory, ColumnFamily.RECEIPTS, StoredState.receiptKey(height, index), edit);
    }

    public static void editCertificate(Path directory, long height, UnaryOperator<byte[]> edit) {
        edit(directory, ColumnFamily.CERTIFICATES, StorageCodec.height(height), edit);
    }

    public static void putCertificate(Path directory, long height, byte[] encoded) {
        try (RawRocks raw = RawRocks.open(directory)) {
            raw.put(ColumnFamily.CERTIFICATES, StorageCodec.height(height), encoded);
        }
    }

    public static void editStateRoot(Path directory, long height, UnaryOperator<byte[]> edit) {
        edit(directory, ColumnFamily.METADATA, StoredState.stateRootKey(height), edit);
    }

    /** Replaces the version of {@code contract}/{@code key} written at {@code height} by transaction {@code txIndex}. */
    public static void editStateValue(Path directory, String contract, byte[] key, long height, int txIndex,
                                      UnaryOperator<byte[]> edit) {
        edit(directory, ColumnFamily.STATE_VALUES,
                StateKeyCodec.versionKey(StateKeyCodec.stateKey(contract, key), height, txIndex), edit);
    }

    /** Replaces the newest version of {@code contract}/{@code key}. */
    public static void editLatestStateValue(Path directory, String contract, byte[] key, UnaryOperator<byte[]> edit) {
        edit(directory, ColumnFamily.STATE_LATEST, StateKeyCodec.stateKey(contract, key), edit);
    }

    /** Replaces the root node of the state tree at {@code height}. */
    public static void editStateTreeRoot(Path directory, long height, UnaryOperator<byte[]> edit) {
        byte[] key = ByteBuffer.allocate(9).putLong(height).put((byte) 0).array();
        edit(directory, ColumnFamily.STATE_NODES, key, edit);
    }

    /** Replaces the record stored under {@code key} in the state-tree family: a node, or a bundle of them. */
    public static void editStateTreeNode(Path directory, byte[] key, UnaryOperator<byte[]> edit) {
        edit(directory, ColumnFamily.STATE_NODES, key, edit);
    }

    /** A copy of {@code bytes} with the byte at {@code offset} inverted (negative: from the end). */
    public static byte[] flip(byte[] bytes, int offset) {
        byte[] out = Arrays.copyOf(bytes, bytes.length);
        int at = offset < 0 ? bytes.length + offset : offset;
        out[at] ^= (byte) 0xFF;
        return out;
    }

    private static byte[] get(Path directory, ColumnFamily family, byte[] key) {
        try (RawRocks raw = RawRocks.open(directory)) {
            byte[] value = raw.get(family, key);
            if (value == null) {
                throw new IllegalArgumentException("nothing stored in " + family.familyName() + " under that key");
            }
            return value;
        }
    }

    private static void edit(Path directory, ColumnFamily family, byte[] key, UnaryOperator<byte[]> edit) {
        try (RawRocks raw = RawRocks.open(directory)) {
            byte[] value = raw.get(family, key);
            if (value == null) {
                throw new IllegalArgumentException("nothing stored in " + family.familyName() + " under that key");
            }
            raw.put(family, key, edit.apply(value));
        }
    }
}
