package io.meshledger.core.genesis;

/**
 * Limits on transactions every node enforces alike.
 *
 * @param maxTransactionBytes largest encoded transaction accepted
 * @param expiryWindow        how far past the current height a transaction's expiry may lie, so how long a
 *                            signed transaction stays submittable; replay protection does not depend on it, since
 *                            the ledger indexes every committed transaction id for good
 */
public record TransactionLimits(int maxTransactionBytes, long expiryWindow) {
    public static TransactionLimits defaults() {
        return new TransactionLimits(64 * 1024, 10_000);
    }

    public TransactionLimits {
        if (maxTransactionBytes < 256 || maxTransactionBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("max_tx_bytes must be in [256, 16777216], got " + maxTransactionBytes);
        }
        if (expiryWindow < 1) {
            throw new IllegalArgumentException("expiry_window must be >= 1, got " + expiryWindow);
        }
    }
}
