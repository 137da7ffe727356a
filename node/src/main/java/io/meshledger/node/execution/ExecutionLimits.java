package io.meshledger.node.execution;

/**
 * Budgets every node applies identically (they come from genesis or code, never
 * from local configuration, or nodes would disagree on which transactions run
 * out of gas).
 *
 * @param gasPerTransaction execution budget of one transaction
 * @param maxCallDepth      deepest chain of contract-to-contract calls
 */
public record ExecutionLimits(long gasPerTransaction, int maxCallDepth) {
    /** 10 million gas: about ten million bytecode instructions, well under a second of work. */
    public static final ExecutionLimits DEFAULT = new ExecutionLimits(10_000_000, 8);

    public ExecutionLimits {
        if (gasPerTransaction <= 0 || maxCallDepth < 1) {
            throw new IllegalArgumentException("limits must be positive: gas " + gasPerTransaction + ", depth "
                    + maxCallDepth);
        }
    }
}
