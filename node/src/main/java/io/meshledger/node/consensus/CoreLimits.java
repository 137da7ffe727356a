package io.meshledger.node.consensus;

/**
 * Bounds on what the core keeps in memory, so a Byzantine peer cannot grow it.
 *
 * @param maxPendingBlocks    uncommitted blocks held above the committed root
 * @param maxWaitingMessages  proposals waiting for a missing parent, and QCs waiting for their block
 * @param maxRoundsAhead      votes and timeouts accepted up to this many rounds above the current one
 */
public record CoreLimits(int maxPendingBlocks, int maxWaitingMessages, long maxRoundsAhead) {
    public CoreLimits {
        if (maxPendingBlocks < 4 || maxWaitingMessages < 1 || maxRoundsAhead < 1) {
            throw new IllegalArgumentException("limits too small: maxPendingBlocks=" + maxPendingBlocks
                    + " maxWaitingMessages=" + maxWaitingMessages + " maxRoundsAhead=" + maxRoundsAhead);
        }
    }

    public static CoreLimits defaults() {
        return new CoreLimits(1_000, 64, 100);
    }
}
