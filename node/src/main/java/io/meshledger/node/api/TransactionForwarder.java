package io.meshledger.node.api;

import io.meshledger.core.tx.SignedTransaction;

import java.util.List;

/** Passes transactions this node admitted from clients on to the other validators' mempools. Never blocks. */
@FunctionalInterface
public interface TransactionForwarder {
    void forward(List<SignedTransaction> transactions);
}
