package io.meshledger.core.proof;

import io.meshledger.core.crypto.Hash;

import java.util.List;

/**
 * The ledger digest a proof ends at, as certified by a quorum of validators.
 *
 * @param signers names of the validators whose signatures verified, in certificate order
 */
public record Certified(String chainId, long epoch, long height, long timestampMs, Hash blockHash,
                        Hash txAccumulatorRoot, long txCount, Hash stateRoot, List<String> signers) {
    public Certified {
        signers = List.copyOf(signers);
    }
}
