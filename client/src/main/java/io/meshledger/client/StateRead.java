package io.meshledger.client;

import io.meshledger.core.Bytes;
import io.meshledger.proto.v1.LedgerProof;

import java.util.Objects;
import java.util.Optional;

/**
 * A contract state key read at a height.
 *
 * @param height the height answered at (with a proof: the latest certified height at or below the one asked)
 * @param value  the value, or empty when the key is absent at that height
 * @param proof  the proof of presence or absence (proof.proto), when asked for and served
 */
public record StateRead(long height, Optional<Bytes> value, Optional<LedgerProof> proof) {
    /** Refuses missing components. */
    public StateRead {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(proof, "proof");
    }
}
