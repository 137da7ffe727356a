package io.meshledger.client;

import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.merkle.ConsistencyProof;

import java.util.Objects;
import java.util.Optional;

/**
 * A proof that the ledger at one height extends the ledger at an earlier one.
 *
 * @param proof           RFC 9162 consistency proof between the two accumulator sizes
 * @param fromCertificate the certificate of the earlier height, carrying its root, when the node has one
 * @param toCertificate   the certificate of the later height, when the node has one
 */
public record ConsistencyRead(ConsistencyProof proof, Optional<LedgerCertificate> fromCertificate,
                              Optional<LedgerCertificate> toCertificate) {
    /** Refuses missing components. */
    public ConsistencyRead {
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(fromCertificate, "fromCertificate");
        Objects.requireNonNull(toCertificate, "toCertificate");
    }
}
