package io.meshledger.node.storage;

import io.meshledger.core.crypto.Hash;

import java.util.Objects;

/**
 * The last committed block of the ledger.
 *
 * @param height  height of the last block; 0 for an empty ledger
 * @param hash    its hash; {@link Hash#ZERO} for an empty ledger, which is the parent hash of block 1
 * @param txCount transactions committed up to and including that block, which is also the accumulator size
 */
public record Tip(long height, Hash hash, long txCount) {
    /** The tip of a ledger with no blocks. */
    public static final Tip EMPTY = new Tip(0, Hash.ZERO, 0);

    public Tip {
        Objects.requireNonNull(hash, "hash");
        if (height < 0 || txCount < 0) {
            throw new IllegalArgumentException("tip numbers out of range: height=" + height + " txCount=" + txCount);
        }
    }

    @Override
    public String toString() {
        return "Tip[height=" + height + ", hash=" + hash.shortHex() + ", txCount=" + txCount + "]";
    }
}
