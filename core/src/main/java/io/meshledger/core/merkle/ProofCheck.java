package io.meshledger.core.merkle;

import java.util.Objects;

/**
 * Outcome of a proof check; {@link Invalid} carries a human-readable reason
 * naming the numbers involved (e.g. "leaf index 7 >= tree size 5",
 * "computed root abcd1234 != expected 99ff0000"), so callers can log and count
 * rejections without re-deriving why.
 */
public sealed interface ProofCheck {
    /** The proof holds. */
    record Valid() implements ProofCheck {
        @Override
        public boolean isValid() {
            return true;
        }
    }

    /** The proof does not hold, for {@code reason}. */
    record Invalid(String reason) implements ProofCheck {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean isValid() {
            return false;
        }
    }

    boolean isValid();
}
