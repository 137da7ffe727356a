package io.meshledger.node.certification;

import io.meshledger.core.block.LedgerCertificate;

/** What adding a digest signature led to. */
public sealed interface CertificationOutcome {
    /** Nothing new yet. */
    record Pending() implements CertificationOutcome {
    }

    /** A quorum signed this node's digest: the block's ledger certificate. */
    record Certified(LedgerCertificate certificate) implements CertificationOutcome {
    }

    /**
     * A quorum signed a digest different from this node's: this node diverged
     * (non-determinism or corruption) and must stop certifying.
     */
    record Diverged(long height, String detail) implements CertificationOutcome {
    }

    /** The signature was refused (unknown signer, bad signature, stale or far-future height). */
    record Refused(String reason) implements CertificationOutcome {
    }
}
