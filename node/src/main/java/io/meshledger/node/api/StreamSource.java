package io.meshledger.node.api;

/**
 * Where a subscription's items come from: a position in the committed ledger
 * that only moves forward. Called by one thread at a time (the subscription's
 * drain), so implementations keep plain mutable state.
 */
interface StreamSource<T> {
    /**
     * The next item after the current position, moving past it; or why there is none now.
     * Reads at most a bounded number of blocks per call.
     */
    Poll<T> next();

    /** The position, for logs: what a client would resume from. */
    String position();
}
