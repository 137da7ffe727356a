package io.meshledger.node.storage;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Receipt;

import java.util.List;
import java.util.Optional;

/**
 * Committed contract state and execution results, readable at any committed
 * height. Written only together with blocks (see
 * {@link LedgerStore#append(io.meshledger.core.block.Block, BlockEffects,
 * io.meshledger.core.block.LedgerCertificate, byte[])}); reads are safe from
 * any thread and never see a half-written block.
 */
public interface StateStore {

    /** Largest page {@link #scanState} returns. */
    int MAX_SCAN_LIMIT = 10_000;

    /** The version of {@code key} in force at the end of block {@code height}; empty if absent (never written or deleted). */
    Optional<StoredValue> stateValue(String contract, byte[] key, long height);

    /**
     * Present keys of {@code contract} starting with {@code prefix}, as of the end
     * of block {@code height}, in unsigned key order, after {@code startAfter}
     * (exclusive; null for the first), at most {@code limit} of them.
     */
    List<StoredValue> scanState(String contract, byte[] prefix, byte[] startAfter, int limit, long height);

    /** Every version of {@code key} (deletions included) written at or above {@code fromHeight}, oldest first, at most {@code limit}. */
    List<StoredValue> stateHistory(String contract, byte[] key, long fromHeight, int limit);

    /** The receipts of block {@code height}, in transaction order; empty for an unknown height. */
    List<Receipt> receipts(long height);

    /**
     * The receipts of block {@code height} exactly as stored: the bytes whose
     * hashes the block's receipts root covers.
     */
    default List<byte[]> encodedReceipts(long height) {
        return receipts(height).stream().map(Receipt::encode).toList();
    }

    Optional<Receipt> receipt(long height, int index);

    /** The state root after block {@code height}; empty for height 0 or a height not committed. */
    Optional<Hash> stateRoot(long height);

    /**
     * A state-tree node by its encoded key: its whole encoding, even where the
     * store keeps it as slot deltas, and how many deltas that took.
     */
    Optional<StoredTreeNode> storedTreeNode(byte[] key);

    /** A state-tree node's whole encoding by its encoded key. */
    default Optional<byte[]> treeNode(byte[] key) {
        return storedTreeNode(key).map(StoredTreeNode::encoded);
    }
}
