package io.meshledger.node.consensus;

import java.util.Objects;
import java.util.Optional;

/**
 * A validator's timeout for a round, carrying its highest QC and, when it
 * entered the round through a timeout certificate, that certificate
 * ({@code lastTc}, of {@code round - 1}): together they let any receiver that
 * lags behind join the sender's round, so 2f+1 honest timeouts for one round
 * always come together after GST.
 */
public record TimeoutMessage(SignedTimeout timeout, QuorumCertificate highQc, Optional<TimeoutCertificate> lastTc)
        implements ConsensusMessage {
    public TimeoutMessage {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(highQc, "highQc");
        Objects.requireNonNull(lastTc, "lastTc");
        if (highQc.round() != timeout.data().highQcRound()) {
            throw new IllegalArgumentException("timeout claims high QC round " + timeout.data().highQcRound()
                    + " but carries a QC of round " + highQc.round());
        }
        if (lastTc.isPresent() && lastTc.get().round() != timeout.data().round() - 1) {
            throw new IllegalArgumentException("timeout for round " + timeout.data().round()
                    + " carries a TC of round " + lastTc.get().round() + ", expected " + (timeout.data().round() - 1));
        }
    }

    /** A timeout whose sender entered its round through a QC. */
    public TimeoutMessage(SignedTimeout timeout, QuorumCertificate highQc) {
        this(timeout, highQc, Optional.empty());
    }

    @Override
    public long round() {
        return timeout.data().round();
    }
}
