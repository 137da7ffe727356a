package io.meshledger.node.consensus;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;

import java.util.Objects;

/**
 * What a vote certifies: block {@code blockHash} at {@code height}, proposed in
 * {@code round}, extending {@code parentHash} certified in {@code parentRound}.
 * Carrying the parent lets a single QC prove the 2-chain commit of the parent
 * when {@code round == parentRound + 1}.
 */
public record VoteData(String chainId, long epoch, long round, long height, Hash blockHash,
                       Hash parentHash, long parentRound) {
    public VoteData {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(parentHash, "parentHash");
        if (epoch < 0 || round < 0 || height < 0 || parentRound < 0) {
            throw new IllegalArgumentException("negative numbers in vote data: epoch=" + epoch + " round=" + round
                    + " height=" + height + " parentRound=" + parentRound);
        }
        if (round > 0 && parentRound >= round) {
            throw new IllegalArgumentException("parent round " + parentRound + " must be below round " + round);
        }
    }

    /** The vote data of the genesis QC: round 0, height 0, the zero hash. */
    public static VoteData genesis(String chainId, long epoch) {
        return new VoteData(chainId, epoch, 0, 0, Hash.ZERO, Hash.ZERO, 0);
    }

    /** What each voter signs: H(VOTE || canonical encoding). */
    public Hash signingHash() {
        return Hashing.hash(HashDomain.VOTE, new Canonical().string(chainId).u64(epoch).u64(round).u64(height)
                .hash(blockHash).hash(parentHash).u64(parentRound).bytes());
    }

    /** True when this QC, once formed, commits the parent under the 2-chain rule. */
    public boolean commitsParent() {
        return round > 0 && round == parentRound + 1 && height > 1;
    }
}
