package io.meshledger.node.consensus;

import java.util.List;
import java.util.Objects;

/**
 * {@code 2f+1} signed timeouts for one round: everyone may move to
 * {@code round + 1}. A proposal justified by a TC must extend a QC at least as
 * high as the highest QC round any of its signers reported.
 */
public record TimeoutCertificate(long epoch, long round, List<SignedTimeout> timeouts) {
    public TimeoutCertificate {
        timeouts = List.copyOf(timeouts);
        Objects.requireNonNull(timeouts, "timeouts");
        for (SignedTimeout t : timeouts) {
            if (t.data().round() != round || t.data().epoch() != epoch) {
                throw new IllegalArgumentException("timeout for round " + t.data().round() + " epoch " + t.data().epoch()
                        + " in a certificate for round " + round + " epoch " + epoch);
            }
        }
    }

    /** The highest QC round among the signers' timeouts. */
    public long highestQcRound() {
        return timeouts.stream().mapToLong(t -> t.data().highQcRound()).max().orElse(0);
    }
}
