package io.meshledger.node.consensus;

import io.meshledger.node.consensus.SafetyOutcome.Refused;
import io.meshledger.node.consensus.SafetyOutcome.Signed;
import io.meshledger.node.consensus.SafetyRefusal.NotSafeToTimeout;
import io.meshledger.node.consensus.SafetyRefusal.NotSafeToVote;
import io.meshledger.node.consensus.SafetyRefusal.RoundNotAfterLastVote;
import io.meshledger.node.consensus.SafetyRefusal.TimeoutRoundBelowLastVote;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class SafetyRulesTest {
    private final ChainFixture chain = new ChainFixture();
    private final SafetyRules rules = chain.v.safetyRules(3, SafetyData.initial(TestValidators.EPOCH));

    private Vote voted(SafetyOutcome<Vote> outcome) {
        return assertInstanceOf(Signed.class, outcome).value() instanceof Vote v ? v : null;
    }

    private SafetyRefusal refused(SafetyOutcome<?> outcome) {
        return assertInstanceOf(Refused.class, outcome).refusal();
    }

    @Test
    void votesForABlockThatDirectlyExtendsItsQcAndRecordsTheRounds() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Proposal b2 = chain.propose(2, chain.qc(b1));
        voted(rules.voteFor(b1));
        Vote v2 = voted(rules.voteFor(b2));
        assertEquals(b2.block().hash(), v2.data().blockHash());
        assertEquals(2, rules.data().lastVotedRound());
        assertEquals(1, rules.data().oneChainRound());
        assertEquals(Optional.of(v2), rules.data().lastVote());
    }

    @Test
    void refusesASecondBlockInTheSameRoundButRepeatsTheVoteForTheSameBlock() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Proposal other = chain.propose(1, chain.genesisQc(), Optional.empty(), List.of(ChainFixture.tx(1)));
        Vote first = voted(rules.voteFor(b1));
        assertEquals(new RoundNotAfterLastVote(1, 1), refused(rules.voteFor(other)));
        assertEquals(first, voted(rules.voteFor(b1)));
    }

    @Test
    void aRestartedValidatorNeverSignsTwoVotesForOneRound() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Vote first = voted(rules.voteFor(b1));
        SafetyRules restarted = chain.v.safetyRules(3, rules.data());
        assertEquals(first, voted(restarted.voteFor(b1)));
        Proposal other = chain.propose(1, chain.genesisQc(), Optional.empty(), List.of(ChainFixture.tx(2)));
        assertEquals(new RoundNotAfterLastVote(1, 1), refused(restarted.voteFor(other)));
    }

    @Test
    void refusesABlockAfterAGapWithoutATimeoutCertificate() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Proposal b3 = chain.propose(3, chain.qc(b1), Optional.of(chain.tc(2, 1)), List.of());
        Proposal noTc = new Proposal(b3.block(), b3.justify(), Optional.empty(), b3.signature());
        assertEquals(new NotSafeToVote(3, 1, 0, 0), refused(rules.voteFor(noTc)));
    }

    @Test
    void afterATimeoutCertificateVotesOnlyForBlocksExtendingTheHighestReportedQc() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Proposal b2 = chain.propose(2, chain.qc(b1));
        Proposal low = chain.propose(4, chain.qc(b1), Optional.of(chain.tc(3, 2)), List.of());
        assertEquals(new NotSafeToVote(4, 1, 3, 2), refused(rules.voteFor(low)));
        Proposal high = chain.propose(4, chain.qc(b2), Optional.of(chain.tc(3, 2)), List.of());
        voted(rules.voteFor(high));
    }

    @Test
    void neverVotesInARoundItTimedOutIn() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        assertInstanceOf(Signed.class, rules.signTimeout(1, chain.genesisQc(), Optional.empty()));
        assertEquals(new RoundNotAfterLastVote(1, 1), refused(rules.voteFor(b1)));
    }

    @Test
    void timeoutsMustFollowTheirQcOrTcAndNotGoBack() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Proposal b2 = chain.propose(2, chain.qc(b1));
        voted(rules.voteFor(b1));
        voted(rules.voteFor(b2));
        assertEquals(new TimeoutRoundBelowLastVote(1, 2), refused(rules.signTimeout(1, chain.genesisQc(),
                Optional.empty())));
        assertEquals(new NotSafeToTimeout(4, 1, 0, 1), refused(rules.signTimeout(4, chain.qc(b1), Optional.empty())));
        assertEquals(new NotSafeToTimeout(3, 0, 2, 1), refused(rules.signTimeout(3, chain.genesisQc(),
                Optional.of(chain.tc(2, 0)))));
        assertInstanceOf(Signed.class, rules.signTimeout(3, chain.qc(b1), Optional.of(chain.tc(2, 1))));
        assertEquals(3, rules.data().lastVotedRound());
    }

    @Test
    void proposesOnlyAboveTheLastVotedRound() {
        SafetyRules leader1 = chain.v.safetyRules(1, SafetyData.initial(TestValidators.EPOCH));
        Proposal b1 = chain.propose(1, chain.genesisQc());
        assertInstanceOf(Signed.class, leader1.signProposal(b1.block(), chain.genesisQc()));
        voted(leader1.voteFor(b1));
        Proposal again = chain.propose(1, chain.genesisQc(), Optional.empty(), List.of(ChainFixture.tx(3)));
        assertEquals(new RoundNotAfterLastVote(1, 1), refused(leader1.signProposal(again.block(), chain.genesisQc())));
        assertInstanceOf(SafetyRefusal.NotTheProposer.class, refused(rules.signProposal(b1.block(), chain.genesisQc())));
    }
}
