package io.meshledger.node.consensus;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AccumulatorFrontier;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.tx.SignedTransaction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the leader's block so that it passes {@link ProposalValidator}: the
 * payload is filtered (no transaction of an uncommitted ancestor, none twice)
 * and cut to the genesis limits, and the timestamp is raised to the parent's
 * when the driver's clock is behind it.
 */
final class BlockBuilder {
    /** A block and the accumulator frontier after it. */
    record Built(Block block, AccumulatorFrontier frontier) {
    }

    private final ConsensusContext context;

    BlockBuilder(ConsensusContext context) {
        this.context = context;
    }

    Built build(long round, ChainLink parent, List<SignedTransaction> candidates, Set<Hash> excluded,
                long timestampMs) {
        List<SignedTransaction> txs = new ArrayList<>();
        Set<Hash> taken = new HashSet<>();
        long bytes = 0;
        for (SignedTransaction tx : candidates) {
            if (txs.size() == context.parameters().maxBatchSize()) {
                break;
            }
            int size = tx.encodedSize();
            if (bytes + size > context.parameters().maxBlockBytes()) {
                break;
            }
            if (excluded.contains(tx.id()) || !taken.add(tx.id())) {
                continue;
            }
            txs.add(tx);
            bytes += size;
        }
        List<Hash> ids = new ArrayList<>(txs.size());
        List<Hash> leaves = new ArrayList<>(txs.size());
        for (SignedTransaction tx : txs) {
            ids.add(tx.id());
            leaves.add(MerkleAccumulator.leafHash(tx.id().unsafeArray()));
        }
        AccumulatorFrontier after = parent.frontier().append(leaves);
        BlockHeader header = new BlockHeader(context.chainId(), context.epoch(), parent.height() + 1, round,
                parent.hash(), MerkleAccumulator.rootOf(ids), after.root(), after.size(),
                Math.max(timestampMs, parent.timestampMs()), context.self().toBytes());
        return new Built(Block.create(header, txs), after);
    }
}
