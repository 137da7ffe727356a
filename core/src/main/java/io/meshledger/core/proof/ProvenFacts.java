package io.meshledger.core.proof;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.tx.SignedTransaction;

import java.util.List;
import java.util.Objects;

/** What a valid proof establishes, all of it under one certified ledger digest. */
public sealed interface ProvenFacts {
    Certified certified();

    /** State entries (present with their values, or absent) at the certified height. */
    record State(Certified certified, List<ProvenEntry> entries) implements ProvenFacts {
        public State {
            Objects.requireNonNull(certified, "certified");
            entries = List.copyOf(entries);
        }
    }

    /**
     * A committed transaction: where it sits, who signed it and what its
     * execution produced.
     *
     * @param sender       the signer as {@code org/name} when the certificate chains to a genesis
     *                     organisation at the block's time, else a description of why it does not
     * @param senderMember whether {@code sender} is a verified consortium member
     * @param height       the block holding it (the certified height)
     * @param index        its position in that block
     * @param globalIndex  its position in the ledger-wide accumulator
     * @param timestampMs  the block's timestamp
     */
    record Transaction(Certified certified, Hash txId, SignedTransaction transaction, String sender,
                       boolean senderMember, long height, int index, long globalIndex, long timestampMs,
                       Receipt receipt) implements ProvenFacts {
        public Transaction {
            Objects.requireNonNull(certified, "certified");
            Objects.requireNonNull(txId, "txId");
            Objects.requireNonNull(transaction, "transaction");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(receipt, "receipt");
        }
    }
}
