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
 */
public record SafetyData(long epoch, long lastVotedRound, long oneChainRound, Optional<Vote> lastVote) {
    public SafetyData {
        Objects.requireNonNull(lastVote, "lastVote");
        if (epoch < 0 || lastVotedRound < 0 || oneChainRound < 0) {
            throw new IllegalArgumentException("negative safety data: epoch=" + epoch + " lastVotedRound="
                    + lastVotedRound + " oneChainRound=" + oneChainRound);
        }
    }

    /** Before any vote of the epoch. */
    public static SafetyData initial(long epoch) {
        return new SafetyData(epoch, 0, 0, Optional.empty());
    }
}
