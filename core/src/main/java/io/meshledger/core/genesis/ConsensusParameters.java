package io.meshledger.core.genesis;

/**
 * Consensus settings every validator must share.
 *
 * @param maxBatchSize      most transactions in one block
 * @param maxBlockBytes     most encoded bytes of transactions in one block
 * @param roundTimeoutMs    first round timeout
 * @param maxRoundTimeoutMs cap of the exponential back-off
 * @param timeoutBackoff    factor by which the timeout grows after each failed round
 */
public record ConsensusParameters(int maxBatchSize, int maxBlockBytes, long roundTimeoutMs,
                                  long maxRoundTimeoutMs, double timeoutBackoff) {
    /** Defaults used by {@code network init}. */
    public static ConsensusParameters defaults() {
        return new ConsensusParameters(500, 4 * 1024 * 1024, 1000, 30_000, 1.5);
    }

    public ConsensusParameters {
        if (maxBatchSize < 1 || maxBatchSize > 100_000) {
            throw new IllegalArgumentException("max_batch_size must be in [1, 100000], got " + maxBatchSize);
        }
        if (maxBlockBytes < 1024) {
            throw new IllegalArgumentException("max_block_bytes must be >= 1024, got " + maxBlockBytes);
        }
        if (roundTimeoutMs < 10 || maxRoundTimeoutMs < roundTimeoutMs) {
            throw new IllegalArgumentException("round_timeout_ms must be >= 10 and <= max_round_timeout_ms, got "
                    + roundTimeoutMs + " and " + maxRoundTimeoutMs);
        }
        if (!(timeoutBackoff >= 1.0 && timeoutBackoff <= 4.0)) {
            throw new IllegalArgumentException("timeout_backoff must be in [1.0, 4.0], got " + timeoutBackoff);
        }
    }
}
