package io.meshledger.node.consensus;

import io.meshledger.core.block.Block;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;

import java.util.Objects;
import java.util.Optional;

/**
 * A leader's proposal: a block extending the block certified by {@code justify},
 * with the timeout certificate of the previous round when that round failed,
 * signed by the proposer over {@link #signingHash}.
 */
public record Proposal(Block block, QuorumCertificate justify, Optional<TimeoutCertificate> timeoutCertificate,
                       ValidatorSignature signature) implements ConsensusMessage {
    public Proposal {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(justify, "justify");
        Objects.requireNonNull(timeoutCertificate, "timeoutCertificate");
        Objects.requireNonNull(signature, "signature");
    }

    /** What the proposer signs: H(PROPOSAL || block hash); the header already names round and proposer. */
    public static Hash signingHash(Hash blockHash) {
        return Hashing.hash(HashDomain.PROPOSAL, blockHash.unsafeArray());
    }

    @Override
    public long round() {
        return block.header().round();
    }
}
