package io.meshledger.node.consensus;

import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An output of {@link ConsensusCore}. The driver performs the actions of one
 * step in list order; see {@link ConsensusCore} for the ordering contract.
 */
public sealed interface ConsensusAction {
    /**
     * Write {@code data} durably (fsync) and only then perform the actions that
     * follow it in the list: they may carry signatures that the persisted rounds
     * must already forbid repeating.
     */
    record PersistSafetyData(SafetyData data) implements ConsensusAction {
        public PersistSafetyData {
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * Write the proposal of an uncommitted block durably before performing the
     * later actions of the list (the vote for it, in particular): after a crash
     * the core is rebuilt with these blocks, so a certified block survives even
     * if every validator that held it restarts. Consecutive persist actions may
     * share one fsync. Blocks at or below the committed height may be deleted
     * once their {@link Commit} is stored.
     */
    record PersistBlock(Proposal proposal) implements ConsensusAction {
        public PersistBlock {
            Objects.requireNonNull(proposal, "proposal");
        }
    }

    /** Send to every other validator of the epoch. */
    record Broadcast(ConsensusMessage message) implements ConsensusAction {
        public Broadcast {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Send to one validator (votes go to the leader of the next round). */
    record Send(IdentityId to, ConsensusMessage message) implements ConsensusAction {
        public Send {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Feed {@link ConsensusEvent.TimerFired} for {@code round} after {@code delayMs}; earlier timers need not be cancelled. */
    record ScheduleTimer(long round, long delayMs) implements ConsensusAction {
    }

    /**
     * Feed {@link ConsensusEvent.PayloadReady} for {@code round} with at most
     * {@code maxCount} transactions of at most {@code maxBytes} encoded bytes,
     * none of them in {@code excludedTxIds} (the uncommitted ancestors of
     * {@code parentHash}) nor already committed.
     */
    record RequestPayload(long round, Hash parentHash, int maxCount, int maxBytes, Set<Hash> excludedTxIds)
            implements ConsensusAction {
        public RequestPayload {
            Objects.requireNonNull(parentHash, "parentHash");
            excludedTxIds = Set.copyOf(excludedTxIds);
        }
    }

    /**
     * {@code blocks} are final: in height order, the first a child of the
     * previously committed block. {@code commitProof} is the QC whose vote data
     * commits the last of them under the 2-chain rule (it certifies that
     * block's child of the next round).
     */
    record Commit(List<Block> blocks, QuorumCertificate commitProof) implements ConsensusAction {
        public Commit {
            blocks = List.copyOf(blocks);
            Objects.requireNonNull(commitProof, "commitProof");
            if (blocks.isEmpty()) {
                throw new IllegalArgumentException("a commit needs at least one block");
            }
        }
    }

    /** Ask {@code from} for the proposal carrying block {@code blockHash}; answer with {@link ConsensusEvent.BlockFetched}. */
    record FetchBlock(Hash blockHash, IdentityId from) implements ConsensusAction {
        public FetchBlock {
            Objects.requireNonNull(blockHash, "blockHash");
            Objects.requireNonNull(from, "from");
        }
    }

    /** The core refused a message from {@code from} as invalid: count it against the peer and log the reason. */
    record Rejected(IdentityId from, RejectCode code, String reason) implements ConsensusAction {
        public Rejected {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
