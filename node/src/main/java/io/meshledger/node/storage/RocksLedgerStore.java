package io.meshledger.node.storage;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshledger.core.DecodingException;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AccumulatorFrontier;
import io.meshledger.core.merkle.ConsistencyProof;
import io.meshledger.core.merkle.InclusionProof;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.storage.BlockRejectedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@link LedgerStore} on RocksDB. Each block is committed by one fsynced
 * write batch holding the block, its hash index entry, its transaction index
 * entries, the accumulator nodes it completes, its certificate if known and the
 * new tip; so after a crash the store holds every block whose {@link #append}
 * returned and nothing half-written.
 * <p>
 * The tip is cached in a volatile field and replaced only after its batch is
 * durable, so a reader that sees a tip finds everything up to it. Writers are
 * serialised on this object; single writer is still the contract (see
 * {@link LedgerStore}). Close only after every reader and the writer stopped.
 */
public final class RocksLedgerStore implements LedgerStore, StateStore, ConsensusStateStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RocksLedgerStore.class);

    private final RocksDatabase db;
    private final StoredAccumulator accumulator;
    private final StoredState state;
    private volatile Tip tip;

    private RocksLedgerStore(RocksDatabase db, StoredAccumulator accumulator, Tip tip) {
        this.db = db;
        this.accumulator = accumulator;
        this.state = new StoredState(db);
        this.tip = tip;
    }

    /** Opens (or creates) the store in {@code directory} with {@link LedgerStoreOptions#defaults()}. */
    public static RocksLedgerStore open(Path directory) {
        return open(directory, LedgerStoreOptions.defaults());
    }

    /**
     * Opens (or creates) the store in {@code directory} and checks its integrity
     * (see {@link LedgerStoreOptions#verifyDepth()}) before serving anything.
     *
     * @throws StoreCorruptedException naming the height, if stored data contradicts itself
     * @throws StorageException        if RocksDB cannot open the directory
     */
    public static RocksLedgerStore open(Path directory, LedgerStoreOptions options) {
        Objects.requireNonNull(options, "options");
        RocksDatabase db = RocksDatabase.open(directory, options.blockCacheBytes(), options.syncWrites());
        try {
            StoredAccumulator accumulator = new StoredAccumulator(db);
            Tip tip = new IntegrityCheck(db, accumulator, options).run();
            log.debug("Opened ledger store {} at {}", directory, tip);
            return new RocksLedgerStore(db, accumulator, tip);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public void append(Block block, LedgerCertificate certificateOrNull) {
        append(block, certificateOrNull, null);
    }

    @Override
    public void append(Block block, LedgerCertificate certificateOrNull, byte[] commitProofOrNull) {
        append(block, null, certificateOrNull, commitProofOrNull);
    }

    @Override
    public synchronized void append(Block block, BlockEffects effectsOrNull, LedgerCertificate certificateOrNull,
                                    byte[] commitProofOrNull) {
        Objects.requireNonNull(block, "block");
        BlockCommit commit = BlockCommit.prepare(tip, block, certificateOrNull, accumulator, this::containsTransaction);
        if (effectsOrNull != null) {
            checkEffects(block, effectsOrNull, certificateOrNull);
        }
        db.writeSync(batch -> {
            commit.addTo(batch);
            if (effectsOrNull != null) {
                StoredState.addTo(batch, block.height(), effectsOrNull);
            }
            if (commitProofOrNull != null) {
                batch.put(ColumnFamily.CONSENSUS, StorageCodec.commitProofKey(block.height()), commitProofOrNull);
            }
        });
        tip = commit.newTip();
        log.debug("Committed {}", block);
    }

    private static void checkEffects(Block block, BlockEffects effects, LedgerCertificate certificateOrNull) {
        if (effects.receipts().size() != block.transactions().size()) {
            throw new IllegalArgumentException("block " + block.height() + " has " + block.transactions().size()
                    + " transactions but " + effects.receipts().size() + " receipts");
        }
        if (certificateOrNull != null && !certificateOrNull.digest().stateRoot().equals(effects.stateRoot())) {
            throw new BlockRejectedException(Reason.CERTIFICATE_MISMATCH, block.height(), "certificate state root "
                    + certificateOrNull.digest().stateRoot() + " != executed state root " + effects.stateRoot());
        }
    }

    @Override
    public synchronized void saveSafetyData(byte[] encoded) {
        Objects.requireNonNull(encoded, "encoded");
        db.writeSync(batch -> batch.put(ColumnFamily.CONSENSUS, StorageCodec.SAFETY_DATA_KEY, encoded));
    }

    @Override
    public Optional<byte[]> loadSafetyData() {
        return Optional.ofNullable(db.get(ColumnFamily.CONSENSUS, StorageCodec.SAFETY_DATA_KEY));
    }

    @Override
    public void savePendingBlock(long height, byte[] blockHash, byte[] encodedProposal) {
        db.writeSync(batch -> batch.put(ColumnFamily.CONSENSUS, StorageCodec.pendingKey(height, blockHash), encodedProposal));
    }

    @Override
    public java.util.List<byte[]> pendingBlocks() {
        return db.valuesWithPrefix(ColumnFamily.CONSENSUS, StorageCodec.PENDING_PREFIX);
    }

    @Override
    public void prunePendingBlocks(long height) {
        // Losing a prune in a crash only keeps stale proposals, which the core ignores below its root.
        db.write(batch -> batch.deleteRange(ColumnFamily.CONSENSUS, StorageCodec.pendingKey(0, new byte[0]),
                StorageCodec.pendingKey(height + 1, new byte[0])));
    }

    @Override
    public Optional<byte[]> commitProof(long height) {
        return Optional.ofNullable(db.get(ColumnFamily.CONSENSUS, StorageCodec.commitProofKey(height)));
    }

    @Override
    public Optional<Long> commitProofHeightAtOrAbove(long height) {
        return db.ceilingKey(ColumnFamily.CONSENSUS, StorageCodec.commitProofKey(height), StorageCodec.COMMIT_PROOF_PREFIX)
                .map(StorageCodec::commitProofHeight);
    }

    @Override
    public Optional<Long> commitProofHeightAtOrBelow(long height) {
        return db.floorKey(ColumnFamily.CONSENSUS, StorageCodec.commitProofKey(height), StorageCodec.COMMIT_PROOF_PREFIX)
                .map(StorageCodec::commitProofHeight);
    }

    @Override
    public synchronized void saveCertificate(long height, LedgerCertificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        if (height < 1 || height > tip.height()) {
            throw new BlockRejectedException(Reason.CERTIFICATE_FOR_UNKNOWN_BLOCK, height,
                    "no block is committed at height " + height + " (tip is " + tip.height() + ")");
        }
        StoredHeader header = storedHeader(height);
        BlockCommit.checkCertificate(certificate, height, header.hash(), header.header().txAccumulatorRoot(),
                header.header().txCountTotal());
        Optional<Hash> stateRoot = state.stateRoot(height);
        if (stateRoot.isPresent() && !stateRoot.get().equals(certificate.digest().stateRoot())) {
            throw new BlockRejectedException(Reason.CERTIFICATE_MISMATCH, height, "certificate state root "
                    + certificate.digest().stateRoot() + " != stored state root " + stateRoot.get());
        }
        db.writeSync(batch -> batch.put(ColumnFamily.CERTIFICATES, StorageCodec.height(height), certificate.encode()));
    }

    /**
     * The network this store belongs to, as recorded on its first start; empty for
     * a store written before stores recorded it, or not started by a node yet.
     *
     * @throws StoreCorruptedException if the record is malformed
     */
    public Optional<GenesisMarker> genesisMarker() {
        return GenesisMarker.fromStored(db.get(ColumnFamily.METADATA, StorageCodec.GENESIS_KEY));
    }

    /**
     * Records which network this store belongs to (fsynced). Recording the marker
     * already there is a no-op; a store never changes networks, so a different one
     * is refused.
     *
     * @throws IllegalStateException if the store already belongs to another network
     */
    public synchronized void recordGenesisMarker(GenesisMarker marker) {
        Objects.requireNonNull(marker, "marker");
        Optional<GenesisMarker> recorded = genesisMarker();
        if (recorded.isPresent()) {
            if (!recorded.get().equals(marker)) {
                throw new IllegalStateException("the store belongs to " + recorded.get() + ", not " + marker);
            }
            return;
        }
        db.writeSync(batch -> batch.put(ColumnFamily.METADATA, StorageCodec.GENESIS_KEY, marker.encode()));
    }

    @Override
    public Tip tip() {
        return tip;
    }

    /**
     * The block at {@code height}, checked against what it is stored as: it
     * decodes, says that height, its transactions hash to its header's root, and
     * the hash index (written in the same batch) maps its hash to this height.
     */
    @Override
    public Optional<Block> block(long height) {
        if (height < 1) {
            return Optional.empty();
        }
        byte[] bytes = db.get(ColumnFamily.BLOCKS, StorageCodec.height(height));
        if (bytes == null) {
            return Optional.empty();
        }
        Block block;
        try {
            block = Block.decode(bytes);
        } catch (DecodingException e) {
            throw StoreCorruptedException.atHeight(height, "the block does not decode: " + e.getMessage(), e);
        }
        if (block.height() != height) {
            throw StoreCorruptedException.atHeight(height, "the block stored there says height " + block.height());
        }
        Hash transactionsRoot = MerkleAccumulator.rootOf(block.transactionIds());
        if (!transactionsRoot.equals(block.header().transactionsRoot())) {
            throw StoreCorruptedException.atHeight(height, "the block's transactions hash to root " + transactionsRoot
                    + " but its header says " + block.header().transactionsRoot());
        }
        byte[] indexed = db.get(ColumnFamily.BLOCK_HASH, block.hash().unsafeArray());
        if (indexed == null || decodeHeight(indexed, "hash index entry of block " + block.hash()) != height) {
            throw StoreCorruptedException.atHeight(height, "the stored block hashes to " + block.hash()
                    + ", which the hash index does not map to this height");
        }
        return Optional.of(block);
    }

    @Override
    public Optional<Block> blockByHash(Hash hash) {
        byte[] indexed = db.get(ColumnFamily.BLOCK_HASH, hash.unsafeArray());
        if (indexed == null) {
            return Optional.empty();
        }
        long height = decodeHeight(indexed, "hash index entry of block " + hash);
        Block block = block(height).orElseThrow(() -> StoreCorruptedException.atHeight(height,
                "the hash index maps block " + hash + " there but no block is stored"));
        if (!block.hash().equals(hash)) {
            throw StoreCorruptedException.atHeight(height, "the hash index maps block " + hash
                    + " there but the stored block hashes to " + block.hash());
        }
        return Optional.of(block);
    }

    @Override
    public Optional<CommittedTransaction> transaction(Hash txId) {
        byte[] indexed = db.get(ColumnFamily.TX_INDEX, txId.unsafeArray());
        if (indexed == null) {
            return Optional.empty();
        }
        TransactionLocation location;
        try {
            location = StorageCodec.location(indexed);
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.general("the index entry of transaction " + txId + " is malformed", e);
        }
        long height = location.height();
        byte[] bytes = db.get(ColumnFamily.BLOCKS, StorageCodec.height(height));
        if (bytes == null) {
            throw StoreCorruptedException.atHeight(height, "transaction " + txId + " is indexed there but no block is");
        }
        SignedTransaction tx;
        try {
            tx = transactionOf(bytes, location.index());
        } catch (DecodingException e) {
            throw StoreCorruptedException.atHeight(height, "transaction " + txId + " at index " + location.index()
                    + " cannot be read: " + e.getMessage(), e);
        }
        if (!tx.id().equals(txId)) {
            throw StoreCorruptedException.atHeight(height, "index " + location.index() + " holds transaction "
                    + tx.id() + " but the index says " + txId);
        }
        return Optional.of(new CommittedTransaction(tx, location));
    }

    @Override
    public boolean containsTransaction(Hash txId) {
        return db.get(ColumnFamily.TX_INDEX, txId.unsafeArray()) != null;
    }

    @Override
    public Optional<LedgerCertificate> certificate(long height) {
        if (height < 1) {
            return Optional.empty();
        }
        byte[] bytes = db.get(ColumnFamily.CERTIFICATES, StorageCodec.height(height));
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LedgerCertificate.decode(bytes));
        } catch (DecodingException e) {
            throw StoreCorruptedException.atHeight(height, "the certificate does not decode: " + e.getMessage(), e);
        }
    }

    @Override
    public AccumulatorFrontier frontier() {
        Tip t = tip;
        return accumulator.frontier(t.txCount(), t.height());
    }

    /** The transaction accumulator's frontier after block {@code height} (at most the tip). */
    public AccumulatorFrontier frontierAt(long height) {
        return accumulator.frontier(txCountAt(height), height);
    }

    @Override
    public Hash accumulatorRoot(long height) {
        return accumulator.root(txCountAt(height), height);
    }

    @Override
    public InclusionProof inclusionProof(long globalIndex, long height) {
        long size = txCountAt(height);
        if (globalIndex < 0 || globalIndex >= size) {
            throw new IllegalArgumentException("transaction " + globalIndex + " is not in the ledger at height "
                    + height + ", which holds " + size + " transactions");
        }
        return accumulator.inclusionProof(globalIndex, size, height);
    }

    @Override
    public ConsistencyProof consistencyProof(long fromHeight, long toHeight) {
        if (fromHeight > toHeight) {
            throw new IllegalArgumentException("consistency from height " + fromHeight + " to lower height " + toHeight);
        }
        long secondSize = txCountAt(toHeight);
        return accumulator.consistencyProof(txCountAt(fromHeight), secondSize, toHeight);
    }

    /** Size of the accumulator at the end of block {@code height}: its header's running transaction count. */
    private long txCountAt(long height) {
        Tip current = tip;
        if (height < 0 || height > current.height()) {
            throw new IllegalArgumentException("height " + height + " is not in the ledger (tip is "
                    + current.height() + ")");
        }
        if (height == current.height()) {
            return current.txCount();
        }
        return height == 0 ? 0 : storedHeader(height).header().txCountTotal();
    }

    /** Transaction {@code index} of an encoded block, decoding only that one. */
    private static SignedTransaction transactionOf(byte[] encodedBlock, int index) {
        io.meshledger.proto.v1.Block proto;
        try {
            proto = io.meshledger.proto.v1.Block.parseFrom(encodedBlock);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodingException("block is not valid protobuf: " + e.getMessage(), e);
        }
        if (index >= proto.getTransactionsCount()) {
            throw new DecodingException("block has " + proto.getTransactionsCount() + " transactions, no index " + index);
        }
        return SignedTransaction.fromProto(proto.getTransactions(index));
    }

    private StoredHeader storedHeader(long height) {
        return StoredHeader.read(db, height);
    }

    private static long decodeHeight(byte[] bytes, String what) {
        try {
            return StorageCodec.height(bytes);
        } catch (IllegalArgumentException e) {
            throw StoreCorruptedException.general(what + " is malformed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredValue> stateValue(String contract, byte[] key, long height) {
        return state.value(contract, key, height);
    }

    @Override
    public java.util.List<StoredValue> scanState(String contract, byte[] prefix, byte[] startAfter, int limit,
                                                 long height) {
        return state.scan(contract, prefix, startAfter, Math.min(limit, MAX_SCAN_LIMIT), height);
    }

    @Override
    public java.util.List<StoredValue> stateHistory(String contract, byte[] key, long fromHeight, int limit) {
        return state.history(contract, key, fromHeight, Math.min(limit, MAX_SCAN_LIMIT));
    }

    @Override
    public Optional<io.meshledger.core.block.BlockHeader> header(long height) {
        if (height < 1) {
            return Optional.empty();
        }
        byte[] bytes = db.get(ColumnFamily.BLOCKS, StorageCodec.height(height));
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StoredHeader.of(bytes).header());
        } catch (DecodingException e) {
            throw StoreCorruptedException.atHeight(height, "the block header does not decode: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<BlockOutline> outline(long height) {
        if (height < 1) {
            return Optional.empty();
        }
        byte[] bytes = db.get(ColumnFamily.BLOCKS, StorageCodec.height(height));
        if (bytes == null) {
            return Optional.empty();
        }
        BlockOutline outline;
        try {
            outline = BlockOutline.of(bytes);
        } catch (DecodingException e) {
            throw StoreCorruptedException.atHeight(height, "the block does not decode: " + e.getMessage(), e);
        }
        if (outline.header().height() != height) {
            throw StoreCorruptedException.atHeight(height, "the block stored there says height " + outline.header().height());
        }
        return Optional.of(outline);
    }

    @Override
    public java.util.List<byte[]> encodedReceipts(long height) {
        return state.encodedReceipts(height);
    }

    @Override
    public java.util.List<io.meshledger.core.receipt.Receipt> receipts(long height) {
        return state.receipts(height);
    }

    @Override
    public Optional<io.meshledger.core.receipt.Receipt> receipt(long height, int index) {
        return state.receipt(height, index);
    }

    @Override
    public Optional<Hash> stateRoot(long height) {
        return height < 1 ? Optional.empty() : state.stateRoot(height);
    }

    @Override
    public Optional<StoredTreeNode> storedTreeNode(byte[] key) {
        return state.treeNode(key);
    }

    /** Every entry of {@code family} in key order, from one consistent view; close it after use. */
    public StateEntries stateEntries(StateFamily family) {
        return new StateEntries(family, db);
    }

    /** Names of the column families, for {@link #size}. */
    public static List<String> familyNames() {
        return Arrays.stream(ColumnFamily.values()).map(ColumnFamily::familyName).toList();
    }

    /**
     * RocksDB's estimate of one size of the column family named
     * {@code familyName} (see {@link #familyNames}); empty once the store is
     * closed. Safe to call from any thread at any time, during and after close.
     */
    public OptionalLong size(String familyName, StorageSize size) {
        ColumnFamily family = Arrays.stream(ColumnFamily.values())
                .filter(f -> f.familyName().equals(familyName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no column family named '" + familyName + "'"));
        return db.size(family, size);
    }

    /** Releases RocksDB's native resources; the store cannot be used afterwards. */
    @Override
    public void close() {
        db.close();
        log.debug("Closed ledger store at {}", tip);
    }
}
