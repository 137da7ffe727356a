package io.meshledger.node.consensus;

import io.meshledger.core.block.ValidatorSignature;

import java.util.Objects;

/** A validator's vote for a block: its signature over {@link VoteData#signingHash()}. */
public record Vote(VoteData data, ValidatorSignature signature) implements ConsensusMessage {
    public Vote {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
    }

    @Override
    public long round() {
        return data.round();
    }
}
