package io.meshledger.node.consensus;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Signer;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.node.consensus.SafetyOutcome.Refused;
import io.meshledger.node.consensus.SafetyOutcome.Signed;
import io.meshledger.node.consensus.SafetyRefusal.EpochMismatch;
import io.meshledger.node.consensus.SafetyRefusal.NotSafeToTimeout;
import io.meshledger.node.consensus.SafetyRefusal.NotSafeToVote;
import io.meshledger.node.consensus.SafetyRefusal.NotTheProposer;
import io.meshledger.node.consensus.SafetyRefusal.RoundNotAfterLastVote;
import io.meshledger.node.consensus.SafetyRefusal.TimeoutRoundBelowLastVote;

import java.util.Objects;
import java.util.Optional;

/**
 * The only holder of the validator's signing key and of its {@link SafetyData}
 * (the 2-chain safety rules of Jolteon, as in Aptos {@code safety_rules_2chain}).
 * <p>
 * Inputs are verified values (certificates checked by {@link MessageVerifier}).
 * Every signing call updates {@link #data()} in memory; the caller must persist
 * the new data before anything signed here leaves the node
 * ({@link ConsensusAction.PersistSafetyData} comes first in the action list).
 * Built from the persisted data after a restart, it never signs two different
 * votes for one round, nor a vote in a round it timed out in.
 */
public final class SafetyRules {
    private final String chainId;
    private final Signer signer;
    private final IdentityId self;
    private SafetyData data;

    public SafetyRules(String chainId, Signer signer, IdentityId self, SafetyData persisted) {
        this.chainId = Objects.requireNonNull(chainId, "chainId");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.self = Objects.requireNonNull(self, "self");
        this.data = Objects.requireNonNull(persisted, "persisted");
    }

    /** The current safety data; changed by each successful signing call. */
    public SafetyData data() {
        return data;
    }

    public IdentityId self() {
        return self;
    }

    /**
     * Signs {@code block} as its proposer. Rule: only for a round above the last
     * voted round, so a proposer never proposes in a round it already voted or
     * timed out in; since the proposer then votes for its own block (persisted
     * before the proposal is broadcast), a restarted proposer never signs two
     * different blocks for one round. Records {@code justify} as the one-chain round.
     */
    public SafetyOutcome<ValidatorSignature> signProposal(Block block, QuorumCertificate justify) {
        long round = block.header().round();
        if (!block.header().proposer().equals(self.toBytes())) {
            return new Refused<>(new NotTheProposer(block.header().proposer().toHex()));
        }
        if (block.header().epoch() != data.epoch()) {
            return new Refused<>(new EpochMismatch(block.header().epoch(), data.epoch()));
        }
        if (round <= data.lastVotedRound()) {
            return new Refused<>(new RoundNotAfterLastVote(round, data.lastVotedRound()));
        }
        data = new SafetyData(data.epoch(), data.lastVotedRound(), Math.max(data.oneChainRound(), justify.round()),
                data.lastVote(), higher(data.highQc(), justify), data.lastTc());
        return new Signed<>(sign(Proposal.signingHash(block.hash()).unsafeArray()));
    }

    /**
     * Votes for a verified, validated proposal. Rules, for a block of round
     * {@code r} justified by a QC of round {@code qcRound}:
     * <ol>
     *   <li>asked again for the block it last voted for, it returns the same stored vote;</li>
     *   <li>{@code r > lastVotedRound}: one vote per round, never after a timeout in {@code r};</li>
     *   <li>{@code r == qcRound + 1}, or the proposal carries a TC of round {@code r - 1}
     *       and {@code qcRound >= tc.highestQcRound()}: a block after a failed round must
     *       extend a QC at least as high as any QC the timeout signers reported.</li>
     * </ol>
     * On success the vote becomes {@code lastVote}, {@code lastVotedRound = r} and
     * {@code oneChainRound = max(oneChainRound, qcRound)}.
     */
    public SafetyOutcome<Vote> voteFor(Proposal proposal) {
        Block block = proposal.block();
        long round = block.header().round();
        Optional<Vote> last = data.lastVote();
        if (last.isPresent() && last.get().round() == round && last.get().data().blockHash().equals(block.hash())) {
            return new Signed<>(last.get());
        }
        if (block.header().epoch() != data.epoch()) {
            return new Refused<>(new EpochMismatch(block.header().epoch(), data.epoch()));
        }
        if (round <= data.lastVotedRound()) {
            return new Refused<>(new RoundNotAfterLastVote(round, data.lastVotedRound()));
        }
        long qcRound = proposal.justify().round();
        long tcRound = proposal.timeoutCertificate().map(TimeoutCertificate::round).orElse(0L);
        long tcHighestQcRound = proposal.timeoutCertificate().map(TimeoutCertificate::highestQcRound).orElse(0L);
        boolean extendsQc = round == qcRound + 1;
        boolean extendsTc = proposal.timeoutCertificate().isPresent() && round == tcRound + 1
                && qcRound >= tcHighestQcRound && qcRound < round;
        if (!extendsQc && !extendsTc) {
            return new Refused<>(new NotSafeToVote(round, qcRound, tcRound, tcHighestQcRound));
        }
        VoteData voteData = new VoteData(block.header().chainId(), block.header().epoch(), round, block.height(),
                block.hash(), block.parentHash(), qcRound);
        Vote vote = new Vote(voteData, sign(voteData.signingHash().unsafeArray()));
        data = new SafetyData(data.epoch(), round, Math.max(data.oneChainRound(), qcRound), Optional.of(vote),
                higher(data.highQc(), proposal.justify()), proposal.timeoutCertificate().or(data::lastTc));
        return new Signed<>(vote);
    }

    /**
     * Signs a timeout for {@code round} reporting {@code highQc}. Rules:
     * {@code round >= lastVotedRound} (re-signing the current round is allowed);
     * {@code round == highQc.round + 1} or {@code lastTc} is the TC of
     * {@code round - 1}; and {@code highQc.round >= oneChainRound}, so nobody can be
     * led to extend a lower QC than one this validator built on. Afterwards
     * {@code lastVotedRound >= round}: no vote in a round it gave up on.
     */
    public SafetyOutcome<SignedTimeout> signTimeout(long round, QuorumCertificate highQc,
                                                    Optional<TimeoutCertificate> lastTc) {
        if (highQc.data().epoch() != data.epoch()) {
            return new Refused<>(new EpochMismatch(highQc.data().epoch(), data.epoch()));
        }
        if (round < data.lastVotedRound()) {
            return new Refused<>(new TimeoutRoundBelowLastVote(round, data.lastVotedRound()));
        }
        long qcRound = highQc.round();
        long tcRound = lastTc.map(TimeoutCertificate::round).orElse(0L);
        boolean justified = round == qcRound + 1 || (lastTc.isPresent() && round == tcRound + 1);
        if (!justified || qcRound >= round || qcRound < data.oneChainRound()) {
            return new Refused<>(new NotSafeToTimeout(round, qcRound, tcRound, data.oneChainRound()));
        }
        TimeoutData timeout = new TimeoutData(chainId, data.epoch(), round, qcRound);
        SignedTimeout signed = new SignedTimeout(timeout, sign(timeout.signingHash().unsafeArray()));
        data = new SafetyData(data.epoch(), Math.max(data.lastVotedRound(), round), data.oneChainRound(),
                data.lastVote(), higher(data.highQc(), highQc), lastTc.or(data::lastTc));
        return new Signed<>(signed);
    }

    private static Optional<QuorumCertificate> higher(Optional<QuorumCertificate> known, QuorumCertificate qc) {
        return known.filter(k -> k.round() >= qc.round()).or(() -> Optional.of(qc));
    }

    private ValidatorSignature sign(byte[] message) {
        return new ValidatorSignature(self, Bytes.wrap(signer.sign(message)));
    }
}
