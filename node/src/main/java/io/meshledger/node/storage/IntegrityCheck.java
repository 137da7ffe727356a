package io.meshledger.node.storage;

import io.meshledger.core.DecodingException;
import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.MerkleAccumulator;

import java.util.Optional;

/**
 * What a store must satisfy before it serves anything, checked on open:
 * <ol>
 *   <li>the schema version is one this code understands (a new store gets it written);</li>
 *   <li>the recorded tip names a block that exists, decodes, hashes to the recorded hash, carries the
 *       recorded transaction count and a transactions root matching its transactions, and the hash index
 *       points back to it; no block is stored above it;</li>
 *   <li>the parent-hash links of the last {@code verifyDepth} blocks (or all) are intact, and the hash
 *       index points back to each of those blocks;</li>
 *   <li>the accumulator root at the tip's transaction count equals the tip header's accumulator root.</li>
 * </ol>
 * A failure is a {@link StoreCorruptedException} naming the height and what is wrong.
 */
final class IntegrityCheck {
    /**
     * Version of the key and value layout written by this code. 2: newest-version
     * entries point into the versioned values; tree nodes hold varint versions.
     * 3: tree nodes of depth 4 or less may be slot deltas, and those of depths 1
     * to 4 are bundled per depth-1 path ({@link NodeBundle}). (Deltas at depth 4
     * came later, in the same layout: readers resolve a delta at any depth.)
     */
    static final int SCHEMA_VERSION = 3;

    private final RocksDatabase db;
    private final StoredAccumulator accumulator;
    private final LedgerStoreOptions options;

    IntegrityCheck(RocksDatabase db, StoredAccumulator accumulator, LedgerStoreOptions options) {
        this.db = db;
        this.accumulator = accumulator;
        this.options = options;
    }

    /** Runs every check and returns the verified tip. */
    Tip run() {
        Optional<Tip> recorded = recordedTip();
        if (recorded.isEmpty()) {
            db.firstKey(ColumnFamily.BLOCKS).ifPresent(key -> {
                throw StoreCorruptedException.atHeight(heightOfKey(key), "a block is stored but no tip is recorded");
            });
        }
        checkSchema(recorded.isPresent());
        if (recorded.isEmpty()) {
            return Tip.EMPTY;
        }
        Tip tip = recorded.get();
        db.lastKey(ColumnFamily.BLOCKS).filter(key -> heightOfKey(key) > tip.height()).ifPresent(key -> {
            throw StoreCorruptedException.atHeight(heightOfKey(key),
                    "a block is stored above the recorded tip height " + tip.height());
        });
        Block tipBlock = checkTipBlock(tip);
        checkLinks(tip, new StoredHeader(tipBlock.header(), tipBlock.hash()));
        Hash root = accumulator.root(tip.txCount(), tip.height());
        if (!root.equals(tipBlock.header().txAccumulatorRoot())) {
            throw StoreCorruptedException.atHeight(tip.height(), "accumulator root over " + tip.txCount()
                    + " stored leaves is " + root + " but the tip header says " + tipBlock.header().txAccumulatorRoot());
        }
        return tip;
    }

    private Optional<Tip> recordedTip() {
        byte[] value = db.get(ColumnFamily.METADATA, StorageCodec.TIP_KEY);
        if (value == null) {
            return Optional.empty();
        }
        try {
            Tip tip = StorageCodec.tip(value);
            if (tip.height() == 0) {
                throw new IllegalArgumentException("a recorded tip must have height >= 1");
            }
            return Optional.of(tip);
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.general("the recorded tip is malformed: " + e.getMessage(), e);
        }
    }

    private void checkSchema(boolean hasTip) {
        byte[] value = db.get(ColumnFamily.METADATA, StorageCodec.SCHEMA_VERSION_KEY);
        if (value == null) {
            if (hasTip) {
                throw StoreCorruptedException.general("a tip is recorded but no schema version", null);
            }
            db.writeSync(batch -> batch.put(ColumnFamily.METADATA, StorageCodec.SCHEMA_VERSION_KEY,
                    StorageCodec.intValue(SCHEMA_VERSION)));
            return;
        }
        int version;
        try {
            version = StorageCodec.intValue(value);
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.general("the schema version is malformed: " + e.getMessage(), e);
        }
        if (version != SCHEMA_VERSION) {
            throw new StorageException("the store has schema version " + version + ", this node reads only version "
                    + SCHEMA_VERSION);
        }
    }

    private Block checkTipBlock(Tip tip) {
        long height = tip.height();
        byte[] bytes = requireBlockBytes(height);
        Block block;
        try {
            block = Block.decode(bytes);
        } catch (DecodingException e) {
            throw StoreCorruptedException.atHeight(height, "the tip block does not decode: " + e.getMessage(), e);
        }
        if (block.height() != height) {
            throw StoreCorruptedException.atHeight(height, "the block stored there says height " + block.height());
        }
        if (!block.hash().equals(tip.hash())) {
            throw StoreCorruptedException.atHeight(height, "the tip block hashes to " + block.hash()
                    + " but the recorded tip hash is " + tip.hash());
        }
        if (block.header().txCountTotal() != tip.txCount()) {
            throw StoreCorruptedException.atHeight(height, "the tip block counts " + block.header().txCountTotal()
                    + " transactions but the recorded tip counts " + tip.txCount());
        }
        Hash transactionsRoot = MerkleAccumulator.rootOf(block.transactionIds());
        if (!transactionsRoot.equals(block.header().transactionsRoot())) {
            throw StoreCorruptedException.atHeight(height, "the tip block's transactions hash to root "
                    + transactionsRoot + " but its header says " + block.header().transactionsRoot());
        }
        checkHashIndex(block.hash(), height);
        return block;
    }

    /** Walks down from the tip, checking each block is the parent its child names. */
    private void checkLinks(Tip tip, StoredHeader tipHeader) {
        long lowestParent = options.verifyAll() ? 0 : Math.max(0, tip.height() - options.verifyDepth());
        StoredHeader child = tipHeader;
        for (long height = tip.height() - 1; height >= lowestParent; height--) {
            Hash named = child.header().parentHash();
            if (height == 0) {
                if (!named.equals(Hash.ZERO)) {
                    throw StoreCorruptedException.atHeight(1, "block 1 names parent " + named + " instead of zero");
                }
                return;
            }
            StoredHeader parent = readHeader(height);
            if (!parent.hash().equals(named)) {
                throw StoreCorruptedException.atHeight(height, "block " + (height + 1) + " names parent " + named
                        + " but the block stored at " + height + " hashes to " + parent.hash());
            }
            checkHashIndex(parent.hash(), height);
            child = parent;
        }
    }

    private StoredHeader readHeader(long height) {
        return StoredHeader.read(db, height);
    }

    private byte[] requireBlockBytes(long height) {
        byte[] bytes = db.get(ColumnFamily.BLOCKS, StorageCodec.height(height));
        if (bytes == null) {
            throw StoreCorruptedException.atHeight(height, "the block is missing at or below the recorded tip");
        }
        return bytes;
    }

    private void checkHashIndex(Hash hash, long height) {
        byte[] indexed = db.get(ColumnFamily.BLOCK_HASH, hash.unsafeArray());
        if (indexed == null) {
            throw StoreCorruptedException.atHeight(height, "the hash index has no entry for block " + hash);
        }
        long indexedHeight = heightOfIndexValue(indexed, height);
        if (indexedHeight != height) {
            throw StoreCorruptedException.atHeight(height, "the hash index maps block " + hash + " to height "
                    + indexedHeight);
        }
    }

    private static long heightOfIndexValue(byte[] value, long height) {
        try {
            return StorageCodec.height(value);
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.atHeight(height, "the hash index entry is malformed: " + e.getMessage(), e);
        }
    }

    private static long heightOfKey(byte[] key) {
        try {
            return StorageCodec.height(key);
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.general("a block key is malformed: " + e.getMessage(), e);
        }
    }
}
