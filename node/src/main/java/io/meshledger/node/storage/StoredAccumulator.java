package io.meshledger.node.storage;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AccumulatorFrontier;
import io.meshledger.core.merkle.AccumulatorNodeReader;
import io.meshledger.core.merkle.AppendResult;
import io.meshledger.core.merkle.ConsistencyProof;
import io.meshledger.core.merkle.InclusionProof;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.merkle.NodePosition;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The transaction accumulator over the {@code accumulator} column family. Only
 * complete perfect subtrees are stored and a stored node never changes, so the
 * same nodes serve the root and proofs of every past size: the size at a height
 * is that block's {@code txCountTotal}.
 * <p>
 * A node missing or malformed where a size needs it means the store lost data;
 * it is reported as a {@link StoreCorruptedException} at the height being served.
 */
final class StoredAccumulator implements AccumulatorNodeReader {
    private final RocksDatabase db;

    StoredAccumulator(RocksDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<Hash> node(NodePosition position) {
        byte[] value = db.get(ColumnFamily.ACCUMULATOR, StorageCodec.position(position));
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StorageCodec.hash(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("accumulator node " + position + " is malformed: " + e.getMessage(), e);
        }
    }

    /** The nodes a block's leaves complete, and the root after them; nothing is written. */
    AppendResult append(long size, List<Hash> leafHashes, long height) {
        return atHeight(height, () -> MerkleAccumulator.append(this, size, leafHashes));
    }

    /** Adds the nodes of {@code result} to the batch committing its block. */
    static void addTo(RocksDatabase.Batch batch, AppendResult result) {
        for (Map.Entry<NodePosition, Hash> node : result.newNodes().entrySet()) {
            batch.put(ColumnFamily.ACCUMULATOR, StorageCodec.position(node.getKey()), node.getValue().unsafeArray());
        }
    }

    AccumulatorFrontier frontier(long size, long height) {
        return atHeight(height, () -> AccumulatorFrontier.read(this, size));
    }

    Hash root(long size, long height) {
        return atHeight(height, () -> MerkleAccumulator.root(this, size));
    }

    InclusionProof inclusionProof(long leafIndex, long size, long height) {
        return atHeight(height, () -> MerkleAccumulator.inclusionProof(this, leafIndex, size));
    }

    ConsistencyProof consistencyProof(long firstSize, long secondSize, long height) {
        return atHeight(height, () -> MerkleAccumulator.consistencyProof(this, firstSize, secondSize));
    }

    /** Runs an accumulator computation, reporting lost or malformed nodes as corruption at {@code height}. */
    private static <T> T atHeight(long height, Supplier<T> computation) {
        try {
            return computation.get();
        } catch (IllegalStateException e) {
            throw StoreCorruptedException.atHeight(height, "accumulator: " + e.getMessage(), e);
        }
    }
}
