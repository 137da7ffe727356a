package io.meshledger.node.mempool;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;

import java.util.Objects;
import java.util.Optional;

/** What admission decided for one submitted transaction. */
public sealed interface AdmissionResult {
    /** The transaction id, when the bytes decoded far enough to have one. */
    Optional<Hash> id();

    /** Admitted: the transaction is pending in the mempool. */
    record Accepted(SignedTransaction transaction) implements AdmissionResult {
        public Accepted {
            Objects.requireNonNull(transaction, "transaction");
        }

        public Hash txId() {
            return transaction.id();
        }

        @Override
        public Optional<Hash> id() {
            return Optional.of(transaction.id());
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
