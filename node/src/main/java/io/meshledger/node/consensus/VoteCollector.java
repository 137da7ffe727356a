package io.meshledger.node.consensus;

import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.identity.IdentityId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers votes into QCs: a QC forms when {@code quorum} distinct validators
 * signed the same {@link VoteData}. A validator's first vote of a round is the
 * one that counts; a different second vote of that round is equivocation and
 * is refused. Votes are held per round and dropped once their round is pruned.
 */
final class VoteCollector {
    /** What adding a vote did. */
    sealed interface Added {
        /** Counted, no quorum yet (or the QC of this vote data already formed). */
        record Counted(int votes) implements Added {
        }

        /** The same vote again. */
        record Duplicate() implements Added {
        }

        /** The voter already voted differently in this round. */
        record Equivocation(VoteData first, VoteData second) implements Added {
        }

        /** This vote completed a quorum. */
        record QcFormed(QuorumCertificate qc) implements Added {
        }
    }

    private final int quorum;
    private final TreeMap<Long, Round> rounds = new TreeMap<>();

    private static final class Round {
        final Map<IdentityId, VoteData> byVoter = new HashMap<>();
        final Map<VoteData, Map<IdentityId, ValidatorSignature>> byData = new HashMap<>();
        final List<VoteData> formed = new ArrayList<>();
    }

    VoteCollector(int quorum) {
        this.quorum = quorum;
    }

    Added add(Vote vote) {
        IdentityId voter = vote.signature().validator();
        Round r = rounds.computeIfAbsent(vote.round(), k -> new Round());
        VoteData first = r.byVoter.putIfAbsent(voter, vote.data());
        if (first != null) {
            return first.equals(vote.data()) ? new Added.Duplicate() : new Added.Equivocation(first, vote.data());
        }
        Map<IdentityId, ValidatorSignature> signers = r.byData.computeIfAbsent(vote.data(), k -> new LinkedHashMap<>());
        signers.put(voter, vote.signature());
        if (signers.size() == quorum && !r.formed.contains(vote.data())) {
            r.formed.add(vote.data());
            return new Added.QcFormed(new QuorumCertificate(vote.data(), List.copyOf(signers.values())));
        }
        return new Added.Counted(signers.size());
    }

    /** Forgets rounds below {@code round}. */
    void pruneBelow(long round) {
        rounds.headMap(round).clear();
    }

    int roundsHeld() {
        return rounds.size();
    }
}
