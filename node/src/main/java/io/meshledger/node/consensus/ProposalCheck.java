package io.meshledger.node.consensus;

import io.meshledger.core.merkle.AccumulatorFrontier;

import java.util.Objects;

/** The result of checking a proposal against the rules of {@link ProposalValidator}. */
sealed interface ProposalCheck {
    /** Valid; {@code frontier} is the accumulator after the block. */
    record Valid(AccumulatorFrontier frontier) implements ProposalCheck {
    }

    /** Invalid, with the code for metrics and a reason carrying the numbers. */
    record Invalid(RejectCode code, String reason) implements ProposalCheck {
        public Invalid {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
