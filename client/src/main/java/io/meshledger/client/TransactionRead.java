package io.meshledger.client;

import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.LedgerProof;

import java.util.Objects;
import java.util.Optional;

/**
 * A committed transaction with where it sits and what it did.
 *
 * @param transaction the signed transaction, as committed
 * @param height      its block
 * @param index       its position in the block
 * @param globalIndex its position in the ledger-wide accumulator
 * @param receipt     its receipt, when the node returned one
 * @param proof       the self-contained proof (proof.proto), when asked for and served; verify it with the
 *                    offline verifier, not by trusting the node
 */
public record TransactionRead(SignedTransaction transaction, long height, int index, long globalIndex,
                              Optional<Receipt> receipt, Optional<LedgerProof> proof) {
    /** Refuses missing components. */
    public TransactionRead {
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(proof, "proof");
    }
}
