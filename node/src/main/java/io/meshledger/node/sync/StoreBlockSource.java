package io.meshledger.node.sync;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.crypto.Hash;
import io.meshledger.node.consensus.Proposal;
import io.meshledger.node.consensus.QuorumCertificate;
import io.meshledger.node.network.BlockSource;
import io.meshledger.node.network.CertifiedBlock;
import io.meshledger.node.storage.ConsensusStateStore;
import io.meshledger.node.storage.LedgerStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serves committed blocks to syncing peers, and recent proposals to peers
 * missing a block. A response always ends at a block whose commit proof this
 * node stored (the last block of a commit), and every block in it carries that
 * proof: the receiver checks the proof against the last block and the hash
 * links down to its own tip.
 */
public final class StoreBlockSource implements BlockSource {
    private final LedgerStore store;
    private final ConsensusStateStore consensus;
    private final Function<byte[], QuorumCertificate> proofDecoder;
    private final Function<Hash, Optional<Proposal>> recentProposals;

    public StoreBlockSource(LedgerStore store, ConsensusStateStore consensus,
                            Function<byte[], QuorumCertificate> proofDecoder,
                            Function<Hash, Optional<Proposal>> recentProposals) {
        this.store = store;
        this.consensus = consensus;
        this.proofDecoder = proofDecoder;
        this.recentProposals = recentProposals;
    }

    @Override
    public List<CertifiedBlock> blocks(long fromHeight, int max) {
        long tip = store.tip().height();
        if (fromHeight < 1 || fromHeight > tip || max < 1) {
            return List.of();
        }
        long wanted = Math.min(tip, fromHeight + max - 1);
        Optional<Long> end = consensus.commitProofHeightAtOrBelow(wanted).filter(h -> h >= fromHeight)
                .or(() -> consensus.commitProofHeightAtOrAbove(fromHeight));
        if (end.isEmpty()) {
            return List.of();
        }
        long last = end.get();
        QuorumCertificate proof = proofDecoder.apply(consensus.commitProof(last).orElseThrow());
        List<CertifiedBlock> out = new ArrayList<>();
        for (long h = fromHeight; h <= last; h++) {
            Block block = store.block(h).orElseThrow();
            Optional<LedgerCertificate> cert = store.certificate(h);
            out.add(new CertifiedBlock(block, proof, cert));
        }
        return out;
    }

    @Override
    public Optional<Proposal> proposal(Hash blockHash) {
        return recentProposals.apply(blockHash);
    }
}
