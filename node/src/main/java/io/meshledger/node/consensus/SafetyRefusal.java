package io.meshledger.node.consensus;

/** Why {@link SafetyRules} refused to sign, with the numbers that decided it. */
public sealed interface SafetyRefusal {
    /** The block or timeout is of another epoch than the safety data. */
    record EpochMismatch(long epoch, long safetyEpoch) implements SafetyRefusal {
    }

    /** Already voted or timed out in this round or a later one. */
    record RoundNotAfterLastVote(long round, long lastVotedRound) implements SafetyRefusal {
    }

    /** Neither {@code round == qcRound + 1} nor a TC of {@code round - 1} with {@code qcRound >= tcHighestQcRound}. */
    record NotSafeToVote(long round, long qcRound, long tcRound, long tcHighestQcRound) implements SafetyRefusal {
    }

    /** Timeout round below the last voted round. */
    record TimeoutRoundBelowLastVote(long round, long lastVotedRound) implements SafetyRefusal {
    }

    /** Neither {@code round == qcRound + 1} nor {@code round == tcRound + 1}, or {@code qcRound < oneChainRound}. */
    record NotSafeToTimeout(long round, long qcRound, long tcRound, long oneChainRound) implements SafetyRefusal {
    }

    /** Asked to sign a block proposed by someone else. */
    record NotTheProposer(String proposer) implements SafetyRefusal {
    }
}
