package io.meshledger.node.consensus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class CollectorsTest {
    private final ChainFixture chain = new ChainFixture();

    @Test
    void aQcFormsExactlyWhenAQuorumOfDistinctValidatorsVotedForTheSameData() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        VoteCollector votes = new VoteCollector(3);
        assertInstanceOf(VoteCollector.Added.Counted.class, votes.add(chain.vote(b1, 0)));
        assertInstanceOf(VoteCollector.Added.Duplicate.class, votes.add(chain.vote(b1, 0)));
        assertInstanceOf(VoteCollector.Added.Counted.class, votes.add(chain.vote(b1, 1)));
        var formed = assertInstanceOf(VoteCollector.Added.QcFormed.class, votes.add(chain.vote(b1, 2)));
        assertEquals(3, formed.qc().signatures().size());
        assertInstanceOf(VoteCollector.Added.Counted.class, votes.add(chain.vote(b1, 3)));
    }

    @Test
    void aSecondDifferentVoteInARoundIsEquivocationAndDoesNotCount() {
        Proposal a = chain.propose(1, chain.genesisQc());
        Proposal b = chain.propose(1, chain.genesisQc(), java.util.Optional.empty(), List.of(ChainFixture.tx(9)));
        VoteCollector votes = new VoteCollector(3);
        votes.add(chain.vote(a, 0));
        votes.add(chain.vote(a, 1));
        assertInstanceOf(VoteCollector.Added.Equivocation.class, votes.add(chain.vote(b, 1)));
        assertEquals(new VoteCollector.Added.Counted(1), votes.add(chain.vote(b, 2)));
        assertEquals(new VoteCollector.Added.Counted(2), votes.add(chain.vote(b, 3)));
    }

    /** Property: against a naive count over random vote sequences, a QC forms once per data at the quorum-th distinct first vote. */
    @Test
    void voteCountingMatchesANaiveReference() {
        Proposal a = chain.propose(1, chain.genesisQc());
        Proposal b = chain.propose(1, chain.genesisQc(), java.util.Optional.empty(), List.of(ChainFixture.tx(7)));
        List<Vote> pool = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pool.add(chain.vote(a, i));
            pool.add(chain.vote(b, i));
        }
        Random random = new Random(5);
        for (int run = 0; run < 2_000; run++) {
            VoteCollector votes = new VoteCollector(3);
            Map<Integer, VoteData> firstByVoter = new HashMap<>();
            Map<VoteData, Set<Integer>> naive = new HashMap<>();
            Set<VoteData> formed = new HashSet<>();
            for (int k = 0; k < 10; k++) {
                int pick = random.nextInt(pool.size());
                Vote v = pool.get(pick);
                int voter = pick / 2;
                var result = votes.add(v);
                boolean counts = firstByVoter.putIfAbsent(voter, v.data()) == null;
                boolean expectQc = counts && naive.computeIfAbsent(v.data(), d -> new HashSet<>()).add(voter)
                        && naive.get(v.data()).size() == 3 && formed.add(v.data());
                assertEquals(expectQc, result instanceof VoteCollector.Added.QcFormed, "run " + run + " step " + k);
            }
        }
    }

    @Test
    void aTcFormsAtTheQuorumAndReportsTheHighestQcRoundOfItsSigners() {
        TimeoutCollector timeouts = new TimeoutCollector(3, TestValidators.EPOCH);
        timeouts.add(chain.timeout(5, 3, 0));
        assertInstanceOf(TimeoutCollector.Added.Duplicate.class, timeouts.add(chain.timeout(5, 4, 0)));
        timeouts.add(chain.timeout(5, 4, 1));
        timeouts.add(chain.timeout(6, 4, 2));
        var formed = assertInstanceOf(TimeoutCollector.Added.TcFormed.class, timeouts.add(chain.timeout(5, 2, 3)));
        assertEquals(5, formed.tc().round());
        assertEquals(4, formed.tc().highestQcRound());
    }
}
