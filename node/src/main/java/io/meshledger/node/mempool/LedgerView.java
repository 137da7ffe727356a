package io.meshledger.node.mempool;

import io.meshledger.core.crypto.Hash;

/** What admission needs to know about the committed ledger. Implementations are thread-safe. */
public interface LedgerView {
    /** Height of the last committed block (0 before the first). */
    long committedHeight();

    /** Whether a transaction with this id is committed. */
    boolean isCommitted(Hash txId);
}
