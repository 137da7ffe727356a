package io.meshledger.node.driver;

import io.meshledger.core.block.Block;
import io.meshledger.node.consensus.QuorumCertificate;

import java.util.List;

/**
 * Makes committed blocks durable and tells the rest of the node. Called on the
 * driver's single commit thread, in commit order; may block on disk.
 */
@FunctionalInterface
public interface CommitSink {
    void commit(List<Block> blocks, QuorumCertificate commitProof);
}
