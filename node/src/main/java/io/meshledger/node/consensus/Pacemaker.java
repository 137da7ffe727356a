package io.meshledger.node.consensus;

import io.meshledger.core.genesis.ConsensusParameters;

import java.util.Optional;

/**
 * The current round and its timeout. A QC of round {@code q} moves the node to
 * {@code q + 1} and resets the back-off; a TC of round {@code t} moves it to
 * {@code t + 1} and counts one more failed round. Rounds never go back. The
 * timeout is {@code roundTimeoutMs * backoff^failedRounds}, capped at
 * {@code maxRoundTimeoutMs}.
 */
final class Pacemaker {
    private final ConsensusParameters parameters;
    private long round;
    private int failedRounds;
    private Optional<TimeoutCertificate> lastTc = Optional.empty();

    Pacemaker(ConsensusParameters parameters, long startRound) {
        if (startRound < 1) {
            throw new IllegalArgumentException("rounds start at 1, got " + startRound);
        }
        this.parameters = parameters;
        this.round = startRound;
    }

    long round() {
        return round;
    }

    /** True when the QC moved the node to a new round. */
    boolean onQc(long qcRound) {
        if (qcRound + 1 <= round) {
            return false;
        }
        round = qcRound + 1;
        failedRounds = 0;
        lastTc = Optional.empty();
        return true;
    }

    /** True when the TC moved the node to a new round. */
    boolean onTc(TimeoutCertificate tc) {
        if (tc.round() + 1 <= round) {
            return false;
        }
        round = tc.round() + 1;
        failedRounds = Math.min(failedRounds + 1, 64);
        lastTc = Optional.of(tc);
        return true;
    }

    /** The TC of {@code round - 1} when the node entered this round through it. */
    Optional<TimeoutCertificate> lastTc() {
        return lastTc.filter(tc -> tc.round() == round - 1);
    }

    long timeoutMs() {
        double ms = parameters.roundTimeoutMs() * Math.pow(parameters.timeoutBackoff(), failedRounds);
        return (long) Math.min(ms, parameters.maxRoundTimeoutMs());
    }
}
