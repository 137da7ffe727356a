package io.meshledger.node.storage;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AppendResult;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.node.storage.BlockRejectedException.Reason;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A block checked against the tip, ready to be written as one batch. Preparing
 * reads the store but writes nothing, so a refused block leaves it untouched.
 * Only the single writer may prepare and write a commit: the check is against the
 * tip as it was when preparing.
 */
final class BlockCommit {
    private final Block block;
    private final LedgerCertificate certificate;
    private final AppendResult accumulatorAppend;
    private final Tip newTip;
    private final long firstGlobalIndex;

    private BlockCommit(Block block, LedgerCertificate certificate, AppendResult accumulatorAppend, Tip newTip,
                        long firstGlobalIndex) {
        this.block = block;
        this.certificate = certificate;
        this.accumulatorAppend = accumulatorAppend;
        this.newTip = newTip;
        this.firstGlobalIndex = firstGlobalIndex;
    }

    /**
     * Checks that {@code block} extends {@code tip}: next height, parent is the
     * tip, transactions root and running count match its transactions, none of
     * its transactions is already committed or repeated, its accumulator root is
     * the root after appending its transaction ids, and the certificate (if any)
     * certifies this very block. Cheap checks run first; the accumulator append
     * (reads of stored nodes) runs last.
     *
     * @param committed whether a transaction id is already in the ledger
     * @throws BlockRejectedException naming the first check that failed
     */
    static BlockCommit prepare(Tip tip, Block block, LedgerCertificate certificateOrNull,
                               StoredAccumulator accumulator, Predicate<Hash> committed) {
        BlockHeader header = block.header();
        long height = header.height();
        if (height != tip.height() + 1) {
            throw new BlockRejectedException(Reason.WRONG_HEIGHT, height,
                    "expected height " + (tip.height() + 1) + " after tip " + tip.height());
        }
        if (!header.parentHash().equals(tip.hash())) {
            throw new BlockRejectedException(Reason.WRONG_PARENT, height,
                    "parent hash " + header.parentHash() + " is not the tip hash " + tip.hash());
        }
        int n = block.transactions().size();
        if (header.txCountTotal() != tip.txCount() + n) {
            throw new BlockRejectedException(Reason.WRONG_TX_COUNT, height, "header txCountTotal "
                    + header.txCountTotal() + " != " + tip.txCount() + " committed + " + n + " in the block");
        }
        List<Hash> ids = block.transactionIds();
        Hash transactionsRoot = MerkleAccumulator.rootOf(ids);
        if (!header.transactionsRoot().equals(transactionsRoot)) {
            throw new BlockRejectedException(Reason.WRONG_TRANSACTIONS_ROOT, height, "header transactions root "
                    + header.transactionsRoot() + " != " + transactionsRoot + " computed over " + n + " transaction ids");
        }
        checkUnique(ids, height, committed);
        if (certificateOrNull != null) {
            checkCertificate(certificateOrNull, height, block.hash(), header.txAccumulatorRoot(), header.txCountTotal());
        }
        List<Hash> leaves = new ArrayList<>(n);
        ids.forEach(id -> leaves.add(MerkleAccumulator.leafHash(id.unsafeArray())));
        AppendResult append = accumulator.append(tip.txCount(), leaves, tip.height());
        if (!header.txAccumulatorRoot().equals(append.root())) {
            throw new BlockRejectedException(Reason.WRONG_ACCUMULATOR_ROOT, height, "header accumulator root "
                    + header.txAccumulatorRoot() + " != " + append.root() + " after appending " + n
                    + " leaves to " + tip.txCount());
        }
        return new BlockCommit(block, certificateOrNull, append, new Tip(height, block.hash(), header.txCountTotal()),
                tip.txCount());
    }

    private static void checkUnique(List<Hash> ids, long height, Predicate<Hash> committed) {
        Set<Hash> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            Hash id = ids.get(i);
            if (!seen.add(id)) {
                throw new BlockRejectedException(Reason.DUPLICATE_TRANSACTION, height,
                        "transaction " + id + " appears twice in the block (again at index " + i + ")");
            }
            if (committed.test(id)) {
                throw new BlockRejectedException(Reason.DUPLICATE_TRANSACTION, height,
                        "transaction " + id + " at index " + i + " is already committed");
            }
        }
    }

    /**
     * The certificate must certify this block: its digest names the block's
     * height, hash, accumulator root and accumulator size. Signatures are the caller's business
     * (checked against the validator set before the certificate gets here).
     */
    static void checkCertificate(LedgerCertificate certificate, long height, Hash blockHash, Hash accumulatorRoot,
                                 long txCount) {
        LedgerDigest digest = certificate.digest();
        if (digest.height() != height || !digest.blockHash().equals(blockHash)
                || !digest.txAccumulatorRoot().equals(accumulatorRoot) || digest.txCount() != txCount) {
            throw new BlockRejectedException(Reason.CERTIFICATE_MISMATCH, height, "certificate digest names height "
                    + digest.height() + ", block " + digest.blockHash() + ", accumulator root "
                    + digest.txAccumulatorRoot() + " of size " + digest.txCount() + " but the block is height " + height
                    + ", " + blockHash + ", accumulator root " + accumulatorRoot + " of size " + txCount);
        }
    }

    /**
     * Adds every write of this commit to {@code batch}. The tip is part of the
     * same batch, so the recorded tip and the block it names become durable
     * together.
     */
    void addTo(RocksDatabase.Batch batch) {
        long height = block.height();
        byte[] heightKey = StorageCodec.height(height);
        batch.put(ColumnFamily.BLOCKS, heightKey, block.encode());
        batch.put(ColumnFamily.BLOCK_HASH, block.hash().unsafeArray(), heightKey);
        List<Hash> ids = block.transactionIds();
        for (int i = 0; i < ids.size(); i++) {
            TransactionLocation location = new TransactionLocation(height, i, firstGlobalIndex + i);
            batch.put(ColumnFamily.TX_INDEX, ids.get(i).unsafeArray(), StorageCodec.location(location));
        }
        StoredAccumulator.addTo(batch, accumulatorAppend);
        if (certificate != null) {
            batch.put(ColumnFamily.CERTIFICATES, heightKey, certificate.encode());
        }
        batch.put(ColumnFamily.METADATA, StorageCodec.TIP_KEY, StorageCodec.tip(newTip));
    }

    Tip newTip() {
        return newTip;
    }
}
