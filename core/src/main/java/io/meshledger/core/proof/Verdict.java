package io.meshledger.core.proof;

import java.util.Objects;

/** The outcome of verifying a proof: the facts it proves, or why it proves nothing. */
public sealed interface Verdict {
    /** Every check passed; {@code facts} is what the proof establishes. */
    record Valid(ProvenFacts facts) implements Verdict {
        public Valid {
            Objects.requireNonNull(facts, "facts");
        }
    }

    /** A check failed; {@code reason} names the first one, for a human. */
    record Invalid(String reason) implements Verdict {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
