package io.meshledger.node.consensus;

import java.util.Objects;

/** A validator's timeout for a round, carrying its highest QC so others can catch up to it. */
public record TimeoutMessage(SignedTimeout timeout, QuorumCertificate highQc) implements ConsensusMessage {
    public TimeoutMessage {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(highQc, "highQc");
        if (highQc.round() != timeout.data().highQcRound()) {
            throw new IllegalArgumentException("timeout claims high QC round " + timeout.data().highQcRound()
                    + " but carries a QC of round " + highQc.round());
        }
    }

    @Override
    public long round() {
        return timeout.data().round();
    }
}
