package io.meshledger.node.consensus;

import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.consensus.ConsensusAction.Broadcast;
import io.meshledger.node.consensus.ConsensusAction.FetchBlock;
import io.meshledger.node.consensus.ConsensusAction.PersistBlock;
import io.meshledger.node.consensus.ConsensusAction.PersistSafetyData;
import io.meshledger.node.consensus.ConsensusAction.Rejected;
import io.meshledger.node.consensus.ConsensusAction.RequestPayload;
import io.meshledger.node.consensus.ConsensusAction.Send;
import io.meshledger.node.consensus.ConsensusEvent.MessageReceived;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsensusCoreTest {
    private final ChainFixture chain = new ChainFixture();
    private final ConsensusCore observer = chain.core(0);

    private IdentityId id(int i) {
        return chain.v.ids().get(i);
    }

    private List<ConsensusAction> receive(int from, ConsensusMessage m) {
        return observer.step(new MessageReceived(id(from), m));
    }

    private RejectCode rejection(List<ConsensusAction> actions) {
        List<Rejected> rejected = actions.stream().filter(Rejected.class::isInstance).map(Rejected.class::cast)
                .toList();
        assertEquals(1, rejected.size(), actions.toString());
        assertTrue(actions.stream().noneMatch(Send.class::isInstance), "no vote after a rejection: " + actions);
        return rejected.getFirst().code();
    }

    private static BlockHeader header(BlockHeader h, long height, Hash txRoot, long timestamp, IdentityId proposer) {
        return new BlockHeader(h.chainId(), h.epoch(), height, h.round(), h.parentHash(), txRoot,
                h.txAccumulatorRoot(), h.txCountTotal(), timestamp, proposer.toBytes());
    }

    @Test
    void aValidProposalIsPersistedAndVotedForAndTheVoteGoesToTheNextLeaderAfterTheSafetyData() {
        List<ConsensusAction> actions = receive(1, chain.propose(1, chain.genesisQc()));
        assertInstanceOf(PersistBlock.class, actions.get(0));
        assertInstanceOf(PersistSafetyData.class, actions.get(1));
        Send send = assertInstanceOf(Send.class, actions.get(2));
        assertEquals(id(2), send.to());
        assertInstanceOf(Vote.class, send.message());
    }

    @Test
    void theLeaderAsksForAPayloadThenPersistsBroadcastsAndVotesForItsOwnBlock() {
        ConsensusCore leader = chain.core(1);
        RequestPayload request = leader.start().stream().filter(RequestPayload.class::isInstance)
                .map(RequestPayload.class::cast).findFirst().orElseThrow();
        assertEquals(Hash.ZERO, request.parentHash());
        List<ConsensusAction> actions = leader.step(new ConsensusEvent.PayloadReady(1,
                List.of(ChainFixture.tx(1), ChainFixture.tx(1), ChainFixture.tx(2)), 5_000));
        assertEquals(List.of(PersistBlock.class, PersistSafetyData.class, Broadcast.class, Send.class),
                actions.stream().map(Object::getClass).toList());
        Proposal p = (Proposal) ((Broadcast) actions.get(2)).message();
        assertEquals(2, p.block().transactions().size(), "the repeated transaction is dropped");
        assertEquals(5_000, p.block().header().timestampMs());
    }

    @Test
    void refusesABlockFromAValidatorThatIsNotTheLeaderOfItsRound() {
        Proposal good = chain.propose(1, chain.genesisQc());
        BlockHeader h = good.block().header();
        Proposal byTwo = chain.withHeader(header(h, 1, h.transactionsRoot(), h.timestampMs(), id(2)), List.of(),
                chain.genesisQc(), Optional.empty(), 2);
        assertEquals(RejectCode.WRONG_LEADER, rejection(receive(2, byTwo)));
    }

    @Test
    void refusesABlockWhoseHeightDoesNotFollowItsQc() {
        BlockHeader h = chain.propose(1, chain.genesisQc()).block().header();
        Proposal p = chain.withHeader(header(h, 2, h.transactionsRoot(), h.timestampMs(), id(1)), List.of(),
                chain.genesisQc(), Optional.empty(), 1);
        assertEquals(RejectCode.MALFORMED, rejection(receive(1, p)));
    }

    @Test
    void refusesTransactionsThatDoNotMatchTheHeaderOrRepeat() {
        Proposal good = chain.propose(1, chain.genesisQc(), Optional.empty(), List.of(ChainFixture.tx(1)));
        BlockHeader h = good.block().header();
        Proposal wrongRoot = chain.withHeader(header(h, 1, Hash.ZERO, h.timestampMs(), id(1)),
                List.of(ChainFixture.tx(1)), chain.genesisQc(), Optional.empty(), 1);
        assertEquals(RejectCode.INVALID_PAYLOAD, rejection(receive(1, wrongRoot)));
        Proposal repeated = chain.withHeader(h, List.of(ChainFixture.tx(1), ChainFixture.tx(1)), chain.genesisQc(),
                Optional.empty(), 1);
        assertEquals(RejectCode.INVALID_PAYLOAD, rejection(receive(1, repeated)));
    }

    @Test
    void refusesMoreTransactionsThanTheBatchLimit() {
        List<SignedTransaction> many = new ArrayList<>();
        for (int i = 0; i <= TestValidators.parameters().maxBatchSize(); i++) {
            many.add(ChainFixture.tx(i));
        }
        BlockHeader h = chain.propose(1, chain.genesisQc()).block().header();
        Proposal p = chain.withHeader(h, many, chain.genesisQc(), Optional.empty(), 1);
        assertEquals(RejectCode.INVALID_PAYLOAD, rejection(receive(1, p)));
    }

    @Test
    void refusesATransactionAlreadyInAnUncommittedAncestorAndATimestampBeforeTheParent() {
        Proposal b1 = chain.propose(1, chain.genesisQc(), Optional.empty(), List.of(ChainFixture.tx(1)));
        receive(1, b1);
        Proposal again = chain.propose(2, chain.qc(b1), Optional.empty(), List.of(ChainFixture.tx(1)));
        assertEquals(RejectCode.INVALID_PAYLOAD, rejection(receive(2, again)));
        BlockHeader h = chain.propose(2, chain.qc(b1)).block().header();
        Proposal early = chain.withHeader(header(h, 2, h.transactionsRoot(), 5, id(2)), List.of(), chain.qc(b1),
                Optional.empty(), 2);
        assertEquals(RejectCode.TIMESTAMP_BEFORE_PARENT, rejection(receive(2, early)));
    }

    @Test
    void refusesARoundThatNeitherItsQcNorATcJustifies() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Proposal b3 = chain.propose(3, chain.qc(b1), Optional.of(chain.tc(2, 1)), List.of());
        Proposal bare = chain.sign(b3.block(), chain.qc(b1), Optional.empty(), 3);
        assertEquals(RejectCode.ROUND_NOT_JUSTIFIED, rejection(receive(3, bare)));
    }

    @Test
    void refusesABlockAfterATcThatExtendsALowerQcThanTheTcReports() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        receive(1, b1);
        Proposal low = chain.propose(4, chain.qc(b1), Optional.of(chain.tc(3, 2)), List.of());
        assertEquals(RejectCode.NOT_SAFE_TO_VOTE, rejection(receive(0, low)));
    }

    @Test
    void refusesASecondBlockOfTheSameRound() {
        receive(1, chain.propose(1, chain.genesisQc()));
        Proposal other = chain.propose(1, chain.genesisQc(), Optional.empty(), List.of(ChainFixture.tx(4)));
        assertEquals(RejectCode.EQUIVOCATION, rejection(receive(1, other)));
    }

    @Test
    void fetchesAMissingParentAndVotesOnceItArrives() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Proposal b2 = chain.propose(2, chain.qc(b1));
        List<ConsensusAction> actions = receive(2, b2);
        assertTrue(actions.contains(new FetchBlock(b1.block().hash(), id(2))), actions.toString());
        assertTrue(actions.stream().noneMatch(Send.class::isInstance));
        List<ConsensusAction> after = observer.step(new ConsensusEvent.BlockFetched(b1));
        Send vote = after.stream().filter(Send.class::isInstance).map(Send.class::cast).findFirst().orElseThrow();
        assertEquals(id(3), vote.to());
        assertEquals(b2.block().hash(), ((Vote) vote.message()).data().blockHash());
    }

    @Test
    void theNextLeaderFormsAQcFromAQuorumOfVotesAndProposesAtOnce() {
        ConsensusCore leader2 = chain.core(2);
        leader2.start();
        Proposal b1 = chain.propose(1, chain.genesisQc());
        leader2.step(new MessageReceived(id(1), b1));
        leader2.step(new MessageReceived(id(0), chain.vote(b1, 0)));
        List<ConsensusAction> actions = leader2.step(new MessageReceived(id(1), chain.vote(b1, 1)));
        assertEquals(2, leader2.round());
        RequestPayload request = actions.stream().filter(RequestPayload.class::isInstance)
                .map(RequestPayload.class::cast).findFirst().orElseThrow();
        assertEquals(b1.block().hash(), request.parentHash());
    }
}
