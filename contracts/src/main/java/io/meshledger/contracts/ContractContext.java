package io.meshledger.contracts;

/**
 * Everything a contract may see while it runs: who called, where in the chain
 * it runs, its own state namespace, a way to emit events, and read-only calls
 * to other contracts. Nothing else reaches a contract.
 */
public interface ContractContext {

    /** The identity that signed the transaction (or the query). */
    Caller caller();

    /** Height of the block being executed (or the height a query reads at). */
    long height();

    /** The block's timestamp in milliseconds since the epoch, as the proposer set it and the quorum accepted it. */
    long timestampMs();

    /** Hex id of the transaction being executed; empty for read-only calls. */
    String transactionId();

    /** This contract's own key-value namespace. */
    StateView state();

    /**
     * Records an event in the transaction's receipt, kept only if the
     * invocation succeeds.
     *
     * @param type what happened, e.g. {@code RecordPublished}
     * @param key  the state key or subject the event is about, used by subscription filters
     * @param data the event's body
     * @throws ContractException with {@link FailureCodes#READ_ONLY} in a read-only call
     */
    void emit(String type, byte[] key, byte[] data);

    /**
     * Calls another contract read-only, at the same state this invocation sees
     * (including this transaction's own writes so far). The callee sees the same caller.
     *
     * @throws ContractException with the callee's failure code if it fails
     */
    byte[] call(String contract, String method, byte[] args);
}
