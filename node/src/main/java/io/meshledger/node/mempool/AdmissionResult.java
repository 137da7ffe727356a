package io.meshledger.node.mempool;

import io.meshledger.core.crypto.Hash;

import java.util.Objects;
import java.util.Optional;

/** What admission decided for one submitted transaction. */
public sealed interface AdmissionResult {
    /** The transaction id, when the bytes decoded far enough to have one. */
    Optional<Hash> id();

    /** Admitted: the transaction is pending in the mempool. */
    record Accepted(Hash txId) implements AdmissionResult {
        public Accepted {
            Objects.requireNonNull(txId, "txId");
        }

        @Override
        public Optional<Hash> id() {
            return Optional.of(txId);
        }
    }

    /** Refused, with a stable reason code and a message carrying the numbers behind it. */
    record Rejected(Optional<Hash> id, RejectReason reason, String message) implements AdmissionResult {
        public Rejected {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
