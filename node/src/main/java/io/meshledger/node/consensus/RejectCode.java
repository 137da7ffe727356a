package io.meshledger.node.consensus;

/** Why the core refused a verified message; stable names for metrics. */
public enum RejectCode {
    /** The proposer is not the leader of the block's round, or did not sign it. */
    WRONG_LEADER,
    /** Chain id, epoch, parent, height or round do not fit together or with the justifying certificates. */
    MALFORMED,
    /** The proposal's round is ahead of what its certificates justify. */
    ROUND_NOT_JUSTIFIED,
    /** The transactions do not match the header, exceed the limits, or repeat a transaction. */
    INVALID_PAYLOAD,
    /** The block's timestamp is below its parent's. */
    TIMESTAMP_BEFORE_PARENT,
    /** The proposal breaks the 2-chain voting rule (see {@link SafetyRules#voteFor}). */
    NOT_SAFE_TO_VOTE,
    /** A vote sent to a validator that is not the leader of the next round. */
    NOT_NEXT_LEADER,
    /** A second, different vote or timeout by the same validator for one round. */
    EQUIVOCATION,
    /** A message for a round too far ahead, or a bound on pending state reached. */
    OVER_CAPACITY
}
