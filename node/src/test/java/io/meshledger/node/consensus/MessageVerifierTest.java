package io.meshledger.node.consensus;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageVerifierTest {
    private final ChainFixture chain = new ChainFixture();
    private int checked;
    private final MessageVerifier verifier = chain.v.verifier(checks -> {
        checked += checks.size();
        return SignatureChecker.sequential().verifyAll(checks);
    });

    private IdentityId id(int i) {
        return chain.v.ids().get(i);
    }

    private String rejected(Verification v) {
        return assertInstanceOf(Verification.Rejected.class, v).reason();
    }

    private void assertRejected(Verification v, String fragment) {
        String reason = rejected(v);
        assertTrue(reason.contains(fragment), reason);
    }

    private Proposal b2() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        return chain.propose(2, chain.qc(b1));
    }

    @Test
    void acceptsAValidProposalVoteAndTimeout() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        assertInstanceOf(Verification.Verified.class, verifier.verify(id(1), b1));
        assertInstanceOf(Verification.Verified.class, verifier.verify(id(3), chain.vote(b1, 3)));
        TimeoutMessage t = new TimeoutMessage(chain.timeout(2, 1, 0), chain.qc(b1), Optional.empty());
        assertInstanceOf(Verification.Verified.class, verifier.verify(id(0), t));
    }

    @Test
    void refusesForgedSignaturesAndSignaturesInSomeoneElsesName() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Vote good = chain.vote(b1, 3);
        Vote forged = new Vote(good.data(), new ValidatorSignature(id(3), Bytes.wrap(new byte[64])));
        assertRejected(verifier.verify(id(3), forged), "bad vote of round 1 signature by node3");
        assertRejected(verifier.verify(id(2), good), "signed by");
        Proposal forgedProposal = new Proposal(b1.block(), b1.justify(), Optional.empty(),
                new ValidatorSignature(id(1), Bytes.wrap(new byte[64])));
        assertRejected(verifier.verify(id(1), forgedProposal), "bad proposal of round 1");
    }

    @Test
    void refusesSendersOutsideTheValidatorSet() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        VoteData d = chain.voteData(b1);
        Vote byOutsider = new Vote(d, new ValidatorSignature(chain.v.outsider(),
                Bytes.wrap(chain.v.outsiderKey().sign(d.signingHash().unsafeArray()))));
        assertRejected(verifier.verify(chain.v.outsider(), byOutsider), "not a validator");
    }

    @Test
    void refusesAnotherChainOrEpoch() {
        VoteData other = new VoteData("other-chain", TestValidators.EPOCH, 1, 1, Hash.ZERO, Hash.ZERO, 0);
        assertRejected(verifier.verify(id(0), new Vote(other, chain.signature(0, other.signingHash()))),
                "chain other-chain");
        VoteData epoch = new VoteData(TestValidators.CHAIN, 7, 1, 1, Hash.ZERO, Hash.ZERO, 0);
        assertRejected(verifier.verify(id(0), new Vote(epoch, chain.signature(0, epoch.signingHash()))), "epoch 7");
    }

    @Test
    void refusesQuorumCertificatesWithoutAQuorumOfValidSignatures() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Proposal tooFew = chain.propose(2, chain.qc(b1, 0, 1));
        assertRejected(verifier.verify(id(2), tooFew), "2 signers, quorum is 3");
        Proposal twice = chain.propose(2, chain.qc(b1, 0, 1, 1));
        assertRejected(verifier.verify(id(2), twice), "signed twice");
        QuorumCertificate good = chain.qc(b1);
        List<ValidatorSignature> sigs = List.of(good.signatures().get(0), good.signatures().get(1),
                new ValidatorSignature(id(2), Bytes.wrap(new byte[64])));
        Proposal forged = chain.propose(2, new QuorumCertificate(good.data(), sigs));
        assertRejected(verifier.verify(id(2), forged), "bad QC of round 1 signature by node2");
        QuorumCertificate fakeGenesis = new QuorumCertificate(new VoteData(TestValidators.CHAIN,
                TestValidators.EPOCH, 0, 0, Hash.ZERO, Hash.ZERO, 0), List.of(good.signatures().get(0)));
        TimeoutMessage t = new TimeoutMessage(chain.timeout(1, 0, 0), fakeGenesis, Optional.empty());
        assertRejected(verifier.verify(id(0), t), "is not the genesis QC");
    }

    @Test
    void refusesTimeoutCertificatesWithoutAQuorumOfDistinctValidTimeouts() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        Proposal few = chain.propose(3, chain.qc(b1), Optional.of(chain.tc(2, 1, 0, 1)), List.of());
        assertRejected(verifier.verify(id(3), few), "TC of round 2 has 2 signers");
        Proposal dup = chain.propose(3, chain.qc(b1), Optional.of(chain.tc(2, 1, 0, 1, 0)), List.of());
        assertRejected(verifier.verify(id(3), dup), "signed twice");
        TimeoutCertificate good = chain.tc(2, 1);
        SignedTimeout t0 = good.timeouts().get(0);
        SignedTimeout forged = new SignedTimeout(t0.data(), new ValidatorSignature(id(0), Bytes.wrap(new byte[64])));
        TimeoutCertificate bad = new TimeoutCertificate(TestValidators.EPOCH, 2,
                List.of(forged, good.timeouts().get(1), good.timeouts().get(2)));
        Proposal badTc = chain.propose(3, chain.qc(b1), Optional.of(bad), List.of());
        assertRejected(verifier.verify(id(3), badTc), "bad TC of round 2 signature by node0");
    }

    @Test
    void checksAQuorumCertificateOnceHoweverOftenItArrives() {
        Proposal p = b2();
        verifier.verify(id(2), p);
        assertEquals(4, checked, "the proposal and three QC signatures");
        TimeoutMessage t = new TimeoutMessage(chain.timeout(2, 1, 0), p.justify(), Optional.empty());
        verifier.verify(id(0), t);
        assertEquals(5, checked, "only the timeout's own signature");
    }

    @Test
    void refusesABlockWhoseHashIsNotThatOfItsHeader() {
        Proposal b1 = chain.propose(1, chain.genesisQc());
        var block = new io.meshledger.core.block.Block(b1.block().headerBytes(), b1.block().header(), Hash.ZERO,
                List.of());
        Proposal lying = chain.sign(block, b1.justify(), Optional.empty(), 1);
        assertRejected(verifier.verify(id(1), lying), "is not the hash of its header bytes");
    }
}
