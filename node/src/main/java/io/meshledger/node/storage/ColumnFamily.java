package io.meshledger.node.storage;

import org.rocksdb.RocksDB;

import java.nio.charset.StandardCharsets;

/**
 * The column families of the ledger store and how each is tuned. Keys are
 * fixed-width big-endian, so iterating a height-keyed family goes in height order.
 * Families marked unused are created now so later features need no schema
 * migration to add them.
 */
enum ColumnFamily {
    /** Height (8 bytes) to encoded block. */
    BLOCKS("blocks", false, true),
    /** Block hash (32 bytes) to height (8 bytes). */
    BLOCK_HASH("block_hash", true, false),
    /** Transaction id (32 bytes) to {@link TransactionLocation} (20 bytes). */
    TX_INDEX("tx_index", true, false),
    /** (height 8, index 4) to encoded receipt. */
    RECEIPTS("receipts", false, true),
    /** Height (8 bytes) to encoded ledger certificate. */
    CERTIFICATES("certificates", true, true),
    /** Accumulator node position (1-byte level, 8-byte index) to hash. */
    ACCUMULATOR("accumulator", true, false),
    /** Tip and schema version. */
    METADATA("metadata", false, false),
    /** Versioned state values: see {@code StateKeyCodec}. */
    STATE_VALUES("state_values", true, true),
    /** State-tree nodes: encoded node key to encoded node. */
    STATE_NODES("state_nodes", true, false),
    /** Key history index; unused (state versions are adjacent in {@link #STATE_VALUES}). */
    KEY_HISTORY("key_history", false, false),
    /**
     * Consensus: the safety data (last vote, locked round, highest quorum and
     * last timeout certificates), pending proposals until their height
     * commits, and each committed block's commit proof by height.
     */
    CONSENSUS("consensus", false, false),
    /**
     * The newest version of each state key (encoded state key to height, tx index
     * and a value-or-deletion flag), so reads at the tip, which execution makes
     * for every transaction, are point lookups instead of an iterator seek.
     */
    STATE_LATEST("state_latest", true, false);

    private final String familyName;
    private final boolean pointLookups;
    private final boolean compressible;

    /**
     * @param pointLookups  read mostly by exact key, so a bloom filter saves disk reads for absent keys
     * @param compressible  values are encoded messages worth LZ4; hashes and fixed-width numbers are not
     */
    ColumnFamily(String familyName, boolean pointLookups, boolean compressible) {
        this.familyName = familyName;
        this.pointLookups = pointLookups;
        this.compressible = compressible;
    }

    String familyName() {
        return familyName;
    }

    byte[] nameBytes() {
        return familyName.getBytes(StandardCharsets.UTF_8);
    }

    boolean pointLookups() {
        return pointLookups;
    }

    boolean compressible() {
        return compressible;
    }

    /** RocksDB's own family, which must be opened too; the ledger keeps nothing in it. */
    static byte[] defaultFamilyName() {
        return RocksDB.DEFAULT_COLUMN_FAMILY;
    }
}
