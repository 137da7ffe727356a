package io.meshledger.node.storage;

/**
 * Where a committed transaction sits in the ledger.
 *
 * @param height      height of the block holding it
 * @param index       position within that block's transactions
 * @param globalIndex position in commit order over the whole ledger, which is its accumulator leaf index
 */
public record TransactionLocation(long height, int index, long globalIndex) {
    public TransactionLocation {
        if (height < 1 || index < 0 || globalIndex < 0) {
            throw new IllegalArgumentException("transaction location out of range: height=" + height
                    + " index=" + index + " globalIndex=" + globalIndex);
        }
    }
}
