package io.meshledger.node.consensus;

import io.meshledger.core.identity.IdentityId;

import java.util.Objects;

/** What {@link MessageVerifier} made of a received message. */
public sealed interface Verification {
    /** Authentic and well-formed: may be fed to the core. */
    record Verified(IdentityId from, ConsensusMessage message) implements Verification {
        public Verified {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Refused at the edge; {@code reason} names the check and its numbers. */
    record Rejected(IdentityId from, String reason) implements Verification {
        public Rejected {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
