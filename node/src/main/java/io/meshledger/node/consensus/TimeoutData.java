package io.meshledger.node.consensus;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;

import java.util.Objects;

/** What a timeout signs: "I give up on {@code round}; the highest QC I know is of {@code highQcRound}". */
public record TimeoutData(String chainId, long epoch, long round, long highQcRound) {
    public TimeoutData {
        Objects.requireNonNull(chainId, "chainId");
        if (round < 1 || highQcRound < 0 || highQcRound >= round) {
            throw new IllegalArgumentException("timeout needs round >= 1 and 0 <= highQcRound < round, got round="
                    + round + " highQcRound=" + highQcRound);
        }
    }

    /** H(TIMEOUT || canonical encoding). */
    public Hash signingHash() {
        return Hashing.hash(HashDomain.TIMEOUT,
                new Canonical().string(chainId).u64(epoch).u64(round).u64(highQcRound).bytes());
    }
}
