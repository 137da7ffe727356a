package io.meshledger.node.network;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.node.consensus.QuorumCertificate;

import java.util.Objects;
import java.util.Optional;

/**
 * A committed block with the evidence that it is final, as served to a syncing
 * peer: the QC on its child that committed it under the 2-chain rule, and its
 * ledger certificate once validators have certified the state after it. The
 * receiver verifies both; this value only carries them.
 *
 * @param block             the committed block
 * @param commitQc          QC whose vote data names this block as parent in the next round
 * @param ledgerCertificate the block's ledger certificate, absent while certification is pending
 */
public record CertifiedBlock(Block block, QuorumCertificate commitQc, Optional<LedgerCertificate> ledgerCertificate) {
    public CertifiedBlock {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(commitQc, "commitQc");
        Objects.requireNonNull(ledgerCertificate, "ledgerCertificate");
    }

    public long height() {
        return block.height();
    }
}
