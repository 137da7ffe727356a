package io.meshledger.node.consensus;

import io.meshledger.core.block.Block;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockTreeTest {
    private final ChainFixture chain = new ChainFixture();
    private final BlockTree tree = new BlockTree(CommittedRoot.genesis(TestValidators.CHAIN, TestValidators.EPOCH),
            16, 4);

    private void insert(Proposal p) {
        assertTrue(tree.insert(p, chain.link(chain.qc(p)).frontier()));
    }

    private Optional<ConsensusAction.Commit> certify(QuorumCertificate qc) {
        return assertInstanceOf(BlockTree.Certified.Recorded.class, tree.certify(qc)).commit();
    }

    @Test
    void aBlockCommitsWhenItsChildOfTheNextRoundIsCertified() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Proposal b2 = chain.propose(2, chain.qc(b1));
        Proposal b3 = chain.propose(3, chain.qc(b2));
        insert(b1);
        insert(b2);
        insert(b3);
        assertEquals(Optional.empty(), certify(chain.qc(b1)));
        ConsensusAction.Commit c = certify(chain.qc(b2)).orElseThrow();
        assertEquals(List.of(b1.block()), c.blocks());
        assertEquals(b1.block().hash(), tree.root().hash());
        assertEquals(List.of(b2.block()), certify(chain.qc(b3)).orElseThrow().blocks());
        assertEquals(chain.qc(b3), tree.highQc().orElseThrow());
    }

    @Test
    void aChildAfterAFailedRoundDoesNotCommitItsParentButTheNextDirectChildCommitsBoth() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Proposal b3 = chain.propose(3, chain.qc(b1), Optional.of(chain.tc(2, 1)), List.of());
        Proposal b4 = chain.propose(4, chain.qc(b3));
        insert(b1);
        insert(b3);
        insert(b4);
        certify(chain.qc(b1));
        assertEquals(Optional.empty(), certify(chain.qc(b3)));
        List<Block> committed = certify(chain.qc(b4)).orElseThrow().blocks();
        assertEquals(List.of(b1.block(), b3.block()), committed);
    }

    @Test
    void committingPrunesForksAndAQcForAMissingBlockWaitsForIt() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Proposal fork = chain.propose(2, chain.genesisQc(), Optional.of(chain.tc(1, 0)), List.of());
        Proposal b3 = chain.propose(3, chain.qc(b1), Optional.of(chain.tc(2, 1)), List.of());
        Proposal b4 = chain.propose(4, chain.qc(b3));
        insert(b1);
        insert(fork);
        insert(b3);
        assertInstanceOf(BlockTree.Certified.MissingBlock.class, tree.certify(chain.qc(b4)));
        insert(b4);
        assertEquals(chain.qc(b4), tree.takeWaitingQc(b4.block().hash()).orElseThrow());
        certify(chain.qc(b3));
        certify(chain.qc(b4));
        assertEquals(b3.block().hash(), tree.root().hash());
        assertFalse(tree.contains(fork.block().hash()));
        assertEquals(1, tree.size());
    }

    @Test
    void refusesBlocksBeyondItsBound() {
        BlockTree small = new BlockTree(CommittedRoot.genesis(TestValidators.CHAIN, TestValidators.EPOCH), 4, 4);
        for (int r = 1; r <= 5; r++) {
            Proposal p = chain.propose(r, chain.genesisQc(), r == 1 ? Optional.empty()
                    : Optional.of(chain.tc(r - 1, 0)), List.of());
            assertEquals(r <= 4, small.insert(p, chain.link(chain.qc(p)).frontier()));
        }
    }
}
