package io.meshledger.node.consensus;

import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.SignedTransaction;

import java.util.List;
import java.util.Objects;

/** An input to {@link ConsensusCore#step}. Every event the core sees was produced by its driver's single thread. */
public sealed interface ConsensusEvent {
    /** A message from {@code from}, already checked by {@link MessageVerifier}. */
    record MessageReceived(IdentityId from, ConsensusMessage message) implements ConsensusEvent {
        public MessageReceived {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The timer scheduled by {@link ConsensusAction.ScheduleTimer} for {@code round} expired. */
    record TimerFired(long round) implements ConsensusEvent {
    }

    /**
     * The answer to {@link ConsensusAction.RequestPayload}: transactions for the
     * block of {@code round} and the driver's wall clock. Time enters the core
     * only here, as the block timestamp.
     */
    record PayloadReady(long round, List<SignedTransaction> transactions, long timestampMs) implements ConsensusEvent {
        public PayloadReady {
            transactions = List.copyOf(transactions);
        }
    }

    /** The answer to {@link ConsensusAction.FetchBlock}: the proposal that carried the block, verified by {@link MessageVerifier#verifyFetched}. */
    record BlockFetched(Proposal proposal) implements ConsensusEvent {
        public BlockFetched {
            Objects.requireNonNull(proposal, "proposal");
        }
    }

    /** Block sync moved the committed tip forward out of band (blocks already stored); the core adopts it and prunes. */
    record SyncCompleted(CommittedRoot root) implements ConsensusEvent {
        public SyncCompleted {
            Objects.requireNonNull(root, "root");
        }
    }
}
