package io.meshledger.client;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Receipt;

import java.util.Objects;

/**
 * A committed transaction, successful or not.
 *
 * @param txId    its id (hash of the signed body bytes)
 * @param height  the block it committed in
 * @param index   its position in that block
 * @param receipt its receipt: outcome, events, result
 */
public record Committed(Hash txId, long height, int index, Receipt receipt) {
    /** Refuses a receipt of another transaction. */
    public Committed {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(receipt, "receipt");
        if (!receipt.txId().equals(txId)) {
            throw new IllegalArgumentException("receipt of " + receipt.txId().toHex() + " for transaction " + txId.toHex());
        }
    }

    /** This transaction, or {@link TransactionFailedException} if its receipt records a failure. */
    public Committed requireSuccess() {
        if (!receipt.succeeded()) {
            throw new TransactionFailedException(receipt);
        }
        return this;
    }
}
