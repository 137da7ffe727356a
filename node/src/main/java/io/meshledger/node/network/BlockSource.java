package io.meshledger.node.network;

import io.meshledger.core.crypto.Hash;
import io.meshledger.node.consensus.Proposal;

import java.util.List;
import java.util.Optional;

/**
 * What the peer server serves to validators that fetch blocks: committed blocks
 * with their evidence (for sync), and proposals by block hash (for a validator
 * missing a block a QC names). The node implements it over its store and its
 * consensus block tree. Called on the server's small fetch pool, never on a
 * transport thread, so reads may touch the disk.
 */
public interface BlockSource {
    /** Committed blocks from {@code fromHeight} upwards, in height order, at most {@code max}; fewer at the tip. */
    List<CertifiedBlock> blocks(long fromHeight, int max);

    /** The proposal of the block with this hash, if known. */
    Optional<Proposal> proposal(Hash blockHash);
}
