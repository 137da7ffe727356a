package io.meshledger.core.validators;

/** Outcome of checking signatures for a quorum; invalid results say why. */
public sealed interface QuorumCheck {
    boolean isValid();

    /** A quorum of {@code signers} distinct validators signed. */
    record Valid(int signers) implements QuorumCheck {
        @Override
        public boolean isValid() {
            return true;
        }
    }

    /** Not a valid quorum, and why. */
    record Invalid(String reason) implements QuorumCheck {
        @Override
        public boolean isValid() {
            return false;
        }
    }
}
