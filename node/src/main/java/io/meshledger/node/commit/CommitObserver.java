package io.meshledger.node.commit;

import io.meshledger.core.block.Block;

/**
 * What the commit pipeline reports about each block it stores (for metrics).
 * Called on the ledger's writer thread, between blocks: must not block or
 * take locks other threads hold for long.
 */
@FunctionalInterface
public interface CommitObserver {
    /** Reports nothing. */
    CommitObserver NONE = (block, viaConsensus, admittedNanos) -> {
    };

    /**
     * @param block         the block just stored (durably)
     * @param viaConsensus  committed by this node's consensus; false when block sync fetched it from a peer
     * @param admittedNanos {@link System#nanoTime} at which each of its transactions that waited in this node's
     *                      mempool was admitted there (those that never did are absent)
     */
    void stored(Block block, boolean viaConsensus, long[] admittedNanos);
}
