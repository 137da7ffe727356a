package io.meshledger.node.audit;

import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AccumulatorFrontier;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.node.audit.Finding.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks one stored block against its position in the chain: it decodes, its
 * header says this chain, epoch and height, its parent hash is the previous
 * block's hash ({@link Hash#ZERO} at height 1, as {@code CommittedRoot.genesis}
 * defines the root), its transactions root is the RFC 9162 root over its
 * transaction ids, and its accumulator root and running count are those of the
 * accumulator recomputed from every transaction so far.
 */
final class BlockCheck {
    /** The chain below the block being checked. */
    record Below(long height, Hash hash, boolean certified, AccumulatorFrontier frontier) {
        static Below genesis() {
            return new Below(0, Hash.ZERO, true, AccumulatorFrontier.empty());
        }
    }

    /** A checked block, or why not. */
    sealed interface Outcome {
        /** The block passed, with the accumulator after it. */
        record Valid(Block block, AccumulatorFrontier frontier) implements Outcome {
        }

        record Bad(Finding finding) implements Outcome {
        }
    }

    private final String chainId;
    private final long epoch;

    BlockCheck(String chainId, long epoch) {
        this.chainId = chainId;
        this.epoch = epoch;
    }

    Outcome check(long height, Bytes stored, Below below) {
        Block block;
        try {
            block = Block.decode(stored.unsafeArray());
        } catch (DecodingException | IllegalArgumentException e) {
            return bad(height, Kind.BLOCK, "the stored block does not decode: " + e.getMessage());
        }
        BlockHeader header = block.header();
        if (header.height() != height) {
            return bad(height, Kind.BLOCK, "the block stored there says height " + header.height());
        }
        if (!header.chainId().equals(chainId)) {
            return bad(height, Kind.BLOCK, "the block is for chain '" + header.chainId() + "', genesis says '"
                    + chainId + "'");
        }
        if (header.epoch() != epoch) {
            return bad(height, Kind.BLOCK, "the block is for epoch " + header.epoch() + ", the genesis validators"
                    + " are epoch " + epoch);
        }
        if (!header.parentHash().equals(below.hash())) {
            return brokenLink(height, header.parentHash(), below);
        }
        Hash transactionsRoot = MerkleAccumulator.rootOf(block.transactionIds());
        if (!transactionsRoot.equals(header.transactionsRoot())) {
            return bad(height, Kind.BLOCK, "the block's " + block.transactions().size() + " transactions hash to"
                    + " root " + transactionsRoot + " but its header says " + header.transactionsRoot());
        }
        List<Hash> leaves = new ArrayList<>(block.transactions().size());
        block.transactionIds().forEach(id -> leaves.add(MerkleAccumulator.leafHash(id.unsafeArray())));
        AccumulatorFrontier after = below.frontier().append(leaves);
        if (after.size() != header.txCountTotal()) {
            return bad(height, Kind.BLOCK, "the header counts " + header.txCountTotal() + " transactions in the"
                    + " ledger but the blocks up to it hold " + after.size());
        }
        if (!after.root().equals(header.txAccumulatorRoot())) {
            return bad(height, Kind.BLOCK, "the header's accumulator root " + header.txAccumulatorRoot()
                    + " is not the root " + after.root() + " recomputed from the " + after.size()
                    + " transactions up to it");
        }
        return new Outcome.Valid(block, after);
    }

    /**
     * Which of two blocks a broken link makes bad: a block below that a valid
     * certificate vouches for is authentic, so the one naming another parent is
     * bad; otherwise the block below is the one whose stored form changed.
     */
    private static Outcome brokenLink(long height, Hash namedParent, Below below) {
        if (below.height() == 0) {
            return bad(height, Kind.CHAIN_LINK, "block 1 names parent " + namedParent + " instead of the genesis"
                    + " root " + Hash.ZERO);
        }
        if (below.certified()) {
            return bad(height, Kind.CHAIN_LINK, "the parent hash " + namedParent + " is not the certified hash "
                    + below.hash() + " of height " + below.height());
        }
        return bad(below.height(), Kind.CHAIN_LINK, "block hash " + below.hash() + " does not match the parent"
                + " hash " + namedParent + " of height " + height);
    }

    private static Outcome bad(long height, Kind kind, String detail) {
        return new Outcome.Bad(Finding.at(height, kind, detail));
    }
}
