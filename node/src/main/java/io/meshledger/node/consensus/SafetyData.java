package io.meshledger.node.consensus;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SafetyRules} must find again after a restart so it never signs
 * against itself: persisted (fsynced) before any vote or timeout it signed
 * leaves the node.
 *
 * @param epoch          the epoch these rounds belong to
 * @param lastVotedRound highest round this validator voted or timed out in
 * @param oneChainRound  highest QC round it has built on (justify of a voted or proposed block)
 * @param lastVote       its vote of {@code lastVotedRound}, re-sent when asked again for the same block
 * @param highQc         the highest QC it signed on (justify of its last vote, or reported in its last timeout)
 * @param lastTc         the TC that justified the round of its last vote or timeout, if it entered that round by one
 *                       <p>
 *                       {@code highQc} and {@code lastTc} are not needed for safety but for liveness: after a
 *                       restart they put the validator back into {@code lastVotedRound}, where it may still time out,
 *                       even if every peer that knew them has restarted too.
 */
public record SafetyData(long epoch, long lastVotedRound, long oneChainRound, Optional<Vote> lastVote,
                         Optional<QuorumCertificate> highQc, Optional<TimeoutCertificate> lastTc) {
    public SafetyData {
        Objects.requireNonNull(lastVote, "lastVote");
        Objects.requireNonNull(highQc, "highQc");
        Objects.requireNonNull(lastTc, "lastTc");
        if (epoch < 0 || lastVotedRound < 0 || oneChainRound < 0) {
            throw new IllegalArgumentException("negative safety data: epoch=" + epoch + " lastVotedRound="
                    + lastVotedRound + " oneChainRound=" + oneChainRound);
        }
    }

    /** Before any vote of the epoch. */
    public static SafetyData initial(long epoch) {
        return new SafetyData(epoch, 0, 0, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
