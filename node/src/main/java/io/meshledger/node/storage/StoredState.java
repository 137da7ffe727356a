package io.meshledger.node.storage;

import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.state.InternalNode;
import io.meshledger.core.state.SlotDelta;
import io.meshledger.core.state.TreeNode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and batch writes of the state families: versioned values (see
 * {@link StateKeyCodec}), receipts keyed by (height, index), state-tree nodes
 * and the state root of each height (metadata {@code state_root/<height>}).
 */
final class StoredState {
    private static final byte[] STATE_ROOT_PREFIX = "state_root/".getBytes(StandardCharsets.US_ASCII);

    /** Far above the chains the writer makes: a longer one can only be corruption (or a cycle). */
    private static final int MAX_DELTA_CHAIN = 64;

    private final RocksDatabase db;

    StoredState(RocksDatabase db) {
        this.db = db;
    }

    static void addTo(RocksDatabase.Batch batch, long height, BlockEffects effects) {
        for (StateWrite w : effects.writes()) {
            byte[] stateKey = StateKeyCodec.stateKey(w.contract(), w.key().unsafeArray());
            byte[] stored = StateKeyCodec.storedValue(w.deletion() ? null : w.value().unsafeArray());
            batch.put(ColumnFamily.STATE_VALUES, StateKeyCodec.versionKey(stateKey, height, w.txIndex()), stored);
            // Writes come in execution order, so the last one of a key in the batch wins, as it should.
            batch.put(ColumnFamily.STATE_LATEST, stateKey,
                    StateKeyCodec.latestPointer(height, w.txIndex(), w.deletion()));
        }
        List<Receipt> receipts = effects.receipts();
        for (int i = 0; i < receipts.size(); i++) {
            batch.put(ColumnFamily.RECEIPTS, receiptKey(height, i), receipts.get(i).encode());
        }
        addTreeNodes(batch, effects.treeNodes());
        batch.put(ColumnFamily.METADATA, stateRootKey(height), effects.stateRoot().toArray());
    }

    /** Tree nodes under their own keys, except those {@link NodeBundle} gathers into one record per depth-1 path. */
    private static void addTreeNodes(RocksDatabase.Batch batch, List<TreeNodeWrite> nodes) {
        Map<Bytes, NodeBundle.Builder> bundles = new LinkedHashMap<>();
        for (TreeNodeWrite node : nodes) {
            NodeBundle.Placement at = NodeBundle.placement(node.key());
            if (at == null) {
                batch.put(ColumnFamily.STATE_NODES, node.key(), node.node());
            } else {
                bundles.computeIfAbsent(Bytes.wrap(at.recordKey()), k -> new NodeBundle.Builder())
                        .put(at.entryPath(), node.node());
            }
        }
        bundles.forEach((key, bundle) -> batch.put(ColumnFamily.STATE_NODES, key.unsafeArray(), bundle.encode()));
    }

    /**
     * The newest version's pointer is one point lookup, and its value one more;
     * it answers whenever it is not newer than {@code height} (a version written
     * after a reader took its height falls back to the versioned seek). A key
     * with no newest version was never written.
     */
    Optional<StoredValue> value(String contract, byte[] key, long height) {
        byte[] stateKey = StateKeyCodec.stateKey(contract, key);
        byte[] latest = db.get(ColumnFamily.STATE_LATEST, stateKey);
        if (latest == null) {
            return Optional.empty();
        }
        long latestHeight;
        try {
            latestHeight = StateKeyCodec.latestHeight(latest);
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.general("the newest version of a state key is malformed: "
                    + e.getMessage(), e);
        }
        if (latestHeight > height) {
            return db.withCursor(ColumnFamily.STATE_VALUES, c -> latest(c, stateKey, height))
                    .filter(v -> !v.deletion());
        }
        if (StateKeyCodec.latestIsDeletion(latest)) {
            return Optional.empty();
        }
        int txIndex = StateKeyCodec.latestTxIndex(latest);
        byte[] versionKey = StateKeyCodec.versionKey(stateKey, latestHeight, txIndex);
        byte[] stored = db.get(ColumnFamily.STATE_VALUES, versionKey);
        if (stored == null) {
            throw StoreCorruptedException.atHeight(latestHeight, "the newest version of a state key (tx " + txIndex
                    + ") is missing from the versioned values");
        }
        byte[] value;
        try {
            value = StateKeyCodec.valueOf(stored);
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.atHeight(latestHeight, "a state value is malformed: " + e.getMessage(), e);
        }
        if (value == null) {
            throw StoreCorruptedException.atHeight(latestHeight, "the newest version of a state key is a value, "
                    + "but the versioned values hold a deletion there");
        }
        return Optional.of(new StoredValue(Bytes.wrap(key.clone()), Bytes.wrap(value), latestHeight, txIndex));
    }

    List<StoredValue> scan(String contract, byte[] prefix, byte[] startAfter, int limit, long height) {
        if (limit <= 0) {
            return List.of();
        }
        byte[] scanPrefix = StateKeyCodec.scanPrefix(contract, prefix);
        return db.withCursor(ColumnFamily.STATE_VALUES, c -> {
            List<StoredValue> out = new ArrayList<>();
            byte[] start = scanPrefix;
            if (startAfter != null) {
                byte[] after = StateKeyCodec.afterVersions(StateKeyCodec.stateKey(contract, startAfter));
                start = Arrays.compareUnsigned(after, scanPrefix) > 0 ? after : scanPrefix;
            }
            c.seek(start);
            while (out.size() < limit && RocksDatabase.Cursor.startsWith(c.key(), scanPrefix)) {
                byte[] stateKey = StateKeyCodec.stateKeyOf(c.key());
                latest(c, stateKey, height).filter(v -> !v.deletion()).ifPresent(out::add);
                c.seek(StateKeyCodec.afterVersions(stateKey));
            }
            return out;
        });
    }

    List<StoredValue> history(String contract, byte[] key, long fromHeight, int limit) {
        byte[] stateKey = StateKeyCodec.stateKey(contract, key);
        return db.withCursor(ColumnFamily.STATE_VALUES, c -> {
            List<StoredValue> out = new ArrayList<>();
            for (c.seek(StateKeyCodec.versionKey(stateKey, Math.max(0, fromHeight), 0));
                 out.size() < limit && c.key() != null && isVersionOf(c.key(), stateKey); c.next()) {
                out.add(decode(c.key(), c.value()));
            }
            return out;
        });
    }

    List<Receipt> receipts(long height) {
        byte[] prefix = StorageCodec.height(height);
        List<byte[]> encoded = db.valuesWithPrefix(ColumnFamily.RECEIPTS, prefix);
        List<Receipt> out = new ArrayList<>(encoded.size());
        for (byte[] bytes : encoded) {
            out.add(decodeReceipt(height, bytes));
        }
        return out;
    }

    List<byte[]> encodedReceipts(long height) {
        return db.valuesWithPrefix(ColumnFamily.RECEIPTS, StorageCodec.height(height));
    }

    Optional<Receipt> receipt(long height, int index) {
        byte[] bytes = db.get(ColumnFamily.RECEIPTS, receiptKey(height, index));
        return bytes == null ? Optional.empty() : Optional.of(decodeReceipt(height, bytes));
    }

    Optional<Hash> stateRoot(long height) {
        byte[] bytes = db.get(ColumnFamily.METADATA, stateRootKey(height));
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StorageCodec.hash(bytes));
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.atHeight(height, "the state root is malformed: " + e.getMessage(), e);
        }
    }

    /**
     * The node under {@code key}, with any slot deltas resolved: each names its
     * base (the same path at an older version), read in turn until a node stored
     * whole, then applied oldest first.
     */
    Optional<StoredTreeNode> treeNode(byte[] key) {
        byte[] stored = storedNode(key);
        if (stored == null) {
            return Optional.empty();
        }
        if (!SlotDelta.isDelta(stored)) {
            return Optional.of(new StoredTreeNode(stored, 0));
        }
        List<byte[]> deltas = new ArrayList<>();
        byte[] at = key;
        long version = nodeVersion(key);
        try {
            while (SlotDelta.isDelta(stored)) {
                if (deltas.size() == MAX_DELTA_CHAIN) {
                    throw StoreCorruptedException.atHeight(version, "state tree node " + Bytes.wrap(key).toHex()
                            + " is more than " + MAX_DELTA_CHAIN + " slot deltas from a whole node");
                }
                long base = SlotDelta.baseVersion(stored);
                if (base >= nodeVersion(at)) {
                    throw StoreCorruptedException.atHeight(version, "a slot delta at version " + nodeVersion(at)
                            + " names base version " + base + ", which is not older");
                }
                deltas.add(stored);
                at = at.clone();
                ByteBuffer.wrap(at).putLong(0, base);
                stored = storedNode(at);
                if (stored == null) {
                    throw StoreCorruptedException.atHeight(version, "the base of a slot delta, state tree node "
                            + Bytes.wrap(at).toHex() + ", is missing");
                }
            }
            if (SlotDelta.chain(deltas.getFirst()) != deltas.size()) {
                throw StoreCorruptedException.atHeight(version, "state tree node " + Bytes.wrap(key).toHex()
                        + " says it is " + SlotDelta.chain(deltas.getFirst()) + " slot deltas from a whole node, "
                        + "but is " + deltas.size());
            }
            if (!(TreeNode.decode(stored) instanceof InternalNode node)) {
                throw StoreCorruptedException.atHeight(version, "the base of a slot delta is a leaf");
            }
            for (int i = deltas.size() - 1; i >= 0; i--) {
                node = SlotDelta.apply(node, deltas.get(i));
            }
            return Optional.of(new StoredTreeNode(node.encode(), deltas.size()));
        } catch (DecodingException e) {
            throw StoreCorruptedException.atHeight(version, "state tree node " + Bytes.wrap(key).toHex()
                    + " does not resolve: " + e.getMessage(), e);
        }
    }

    /** The node under {@code key} as stored (whole or a slot delta), out of its bundle if it is bundled; null if absent. */
    private byte[] storedNode(byte[] key) {
        NodeBundle.Placement at = NodeBundle.placement(key);
        if (at == null) {
            return db.get(ColumnFamily.STATE_NODES, key);
        }
        byte[] bundle = db.get(ColumnFamily.STATE_NODES, at.recordKey());
        if (bundle == null) {
            return null;
        }
        try {
            return NodeBundle.find(bundle, at.entryPath());
        } catch (DecodingException e) {
            throw StoreCorruptedException.atHeight(nodeVersion(key), "the record of bundled state tree nodes "
                    + Bytes.wrap(at.recordKey()).toHex() + " does not decode: " + e.getMessage(), e);
        }
    }

    /** The version in an encoded node key; keys shorter than a version never reach here (the store holds none). */
    private static long nodeVersion(byte[] nodeKey) {
        return nodeKey.length < Long.BYTES ? -1 : ByteBuffer.wrap(nodeKey).getLong(0);
    }

    /** The newest version of {@code stateKey} at or below {@code height}, deletions included. */
    private static Optional<StoredValue> latest(RocksDatabase.Cursor c, byte[] stateKey, long height) {
        c.seekForPrev(StateKeyCodec.versionKey(stateKey, height, Integer.MAX_VALUE));
        byte[] found = c.key();
        if (found == null || !isVersionOf(found, stateKey)) {
            return Optional.empty();
        }
        return Optional.of(decode(found, c.value()));
    }

    private static boolean isVersionOf(byte[] versionKey, byte[] stateKey) {
        return versionKey.length == stateKey.length + 12
                && Arrays.equals(versionKey, 0, stateKey.length, stateKey, 0, stateKey.length);
    }

    private static StoredValue decode(byte[] versionKey, byte[] stored) {
        long height = StateKeyCodec.heightOf(versionKey);
        try {
            byte[] value = StateKeyCodec.valueOf(stored);
            byte[] key = StateKeyCodec.keyOf(StateKeyCodec.stateKeyOf(versionKey));
            return new StoredValue(Bytes.wrap(key), value == null ? null : Bytes.wrap(value), height,
                    StateKeyCodec.txIndexOf(versionKey));
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.atHeight(height, "a state value is malformed: " + e.getMessage(), e);
        }
    }

    private static Receipt decodeReceipt(long height, byte[] bytes) {
        try {
            return Receipt.decode(bytes);
        } catch (DecodingException e) {
            throw StoreCorruptedException.atHeight(height, "a receipt does not decode: " + e.getMessage(), e);
        }
    }

    static byte[] receiptKey(long height, int index) {
        return ByteBuffer.allocate(12).putLong(height).putInt(index).array();
    }

    static byte[] stateRootKey(long height) {
        return ByteBuffer.allocate(STATE_ROOT_PREFIX.length + 8).put(STATE_ROOT_PREFIX).putLong(height).array();
    }
}
