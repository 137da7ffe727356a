package io.meshledger.client;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.receipt.Receipt;

import java.util.Objects;

/**
 * A write that committed successfully, with the contract's decoded result.
 *
 * @param txId    the transaction's id
 * @param height  the block it committed in
 * @param receipt its (successful) receipt, with the events it emitted
 * @param result  what the contract method returned, decoded
 * @param <T>     the result type, a message of {@code contracts.proto}
 */
public record WriteResult<T>(Hash txId, long height, Receipt receipt, T result) {
    /** Refuses a failed receipt: failures are thrown as {@link TransactionFailedException}. */
    public WriteResult {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(result, "result");
        if (!receipt.succeeded()) {
            throw new IllegalArgumentException("a write result needs a successful receipt, got "
                    + receipt.failureCode());
        }
    }
}
