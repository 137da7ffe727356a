package io.meshledger.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link MeshledgerClient} behaves.
 *
 * @param callTimeout             deadline of each call to a node before failing over to the next
 * @param commitWait              how long a write waits for its commit before {@link CommitTimeoutException}
 * @param readValidityBlocks      how many blocks past the tip a signed read authorisation stays valid
 *                                (it can be replayed until then, so keep it short)
 * @param tipMaxAge               how long a known tip height is reused before asking a node again
 */
public record ClientOptions(Duration callTimeout, Duration commitWait, long readValidityBlocks, Duration tipMaxAge) {
    /** Refuses non-positive timeouts and a read validity below one block. */
    public ClientOptions {
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(commitWait, "commitWait");
        Objects.requireNonNull(tipMaxAge, "tipMaxAge");
        if (!callTimeout.isPositive() || !commitWait.isPositive() || tipMaxAge.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive, got call " + callTimeout + ", commit "
                    + commitWait + ", tip age " + tipMaxAge);
        }
        if (readValidityBlocks < 1) {
            throw new IllegalArgumentException("readValidityBlocks must be >= 1, got " + readValidityBlocks);
        }
    }

    /** 10 s per call, 60 s commit wait, reads valid for 100 blocks, tip reused for 2 s. */
    public static ClientOptions defaults() {
        return new ClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(60), 100, Duration.ofSeconds(2));
    }

    /** These options with another commit wait. */
    public ClientOptions withCommitWait(Duration wait) {
        return new ClientOptions(callTimeout, wait, readValidityBlocks, tipMaxAge);
    }

    /** These options with another call timeout. */
    public ClientOptions withCallTimeout(Duration timeout) {
        return new ClientOptions(timeout, commitWait, readValidityBlocks, tipMaxAge);
    }
}
