package io.meshledger.contracts;

/**
 * A smart contract: a deterministic function of the invocation and the state
 * its context shows. The runtime calls {@link #invoke} once per transaction
 * addressed to the contract, and for read-only calls (queries and calls from
 * other contracts) with a context whose state rejects writes.
 * <p>
 * Rules every implementation follows, and the deployment verifier enforces for
 * user contracts: no clocks, randomness, threads, I/O, reflection or class
 * loading; no state outside {@link ContractContext#state()} (an instance is
 * shared by every invocation, so fields are for constants only).
 */
public interface Contract {

    /**
     * Executes {@code method}. Returning normally commits the state writes and
     * events of the invocation; throwing {@link ContractException} fails the
     * transaction with that code and discards them. Any other exception fails it
     * with {@link FailureCodes#CONTRACT_ERROR}.
     *
     * @param args the method's arguments exactly as the transaction carries them
     * @return the method's result; empty for none, never null
     */
    byte[] invoke(ContractContext context, String method, byte[] args);
}
