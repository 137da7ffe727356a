package io.meshledger.node.consensus;

import io.meshledger.core.block.ValidatorSignature;

import java.util.List;
import java.util.Objects;

/**
 * {@code 2f+1} validator signatures over one {@link VoteData}: the block is
 * certified. The genesis QC (round 0) has no signatures and is accepted by
 * convention.
 */
public record QuorumCertificate(VoteData data, List<ValidatorSignature> signatures) {
    public QuorumCertificate {
        Objects.requireNonNull(data, "data");
        signatures = List.copyOf(signatures);
    }

    public static QuorumCertificate genesis(String chainId, long epoch) {
        return new QuorumCertificate(VoteData.genesis(chainId, epoch), List.of());
    }

    public long round() {
        return data.round();
    }

    public boolean isGenesis() {
        return data.round() == 0;
    }

    @Override
    public String toString() {
        return "QC[round=" + data.round() + ", height=" + data.height() + ", block=" + data.blockHash().shortHex() + "]";
    }
}
