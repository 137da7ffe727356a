package io.meshledger.node.storage;

import io.meshledger.core.tx.SignedTransaction;

import java.util.Objects;

/**
 * A transaction read back from the ledger, with where it was committed.
 *
 * @param transaction the signed transaction, exactly as committed
 * @param location    its block height, index in the block and accumulator leaf index
 */
public record CommittedTransaction(SignedTransaction transaction, TransactionLocation location) {
    public CommittedTransaction {
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(location, "location");
    }
}
