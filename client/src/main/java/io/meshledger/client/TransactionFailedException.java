package io.meshledger.client;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Receipt;

import java.util.Objects;

/**
 * A transaction committed but its receipt records a failure: it occupies its
 * slot in the ledger and changed nothing. {@link #reason()} is the receipt's
 * stable failure code, e.g. {@code PERMISSION_DENIED} or {@code ALREADY_EXISTS}.
 */
public final class TransactionFailedException extends MeshledgerException {
    private final transient Receipt receipt;

    /**
     * A failure recorded in {@code receipt}.
     *
     * @param receipt the failed receipt
     */
    public TransactionFailedException(Receipt receipt) {
        super(Objects.requireNonNull(receipt, "receipt").failureCode(), receipt.failureCode() + ": "
                + receipt.failureMessage() + " (transaction " + receipt.txId().toHex() + " committed at height "
                + receipt.height() + " and changed nothing)", null);
        if (receipt.succeeded()) {
            throw new IllegalArgumentException("the receipt of " + receipt.txId().toHex() + " records a success");
        }
        this.receipt = receipt;
    }

    /** The committed transaction's id. */
    public Hash txId() {
        return receipt.txId();
    }

    /** The height of the block the transaction committed in. */
    public long height() {
        return receipt.height();
    }

    /** The failed receipt. */
    public Receipt receipt() {
        return receipt;
    }
}
