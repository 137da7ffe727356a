package io.meshledger.node.execution.sandbox;

import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;

import java.util.Optional;

/**
 * The execution budget of one transaction, shared by every contract frame it
 * runs (user contracts charge it from instrumented bytecode; the runtime charges
 * it for state operations and system-contract work).
 * <p>
 * Once it trips (gas used up or call depth exceeded) it stays tripped: every
 * later charge fails again, so a contract that catches the failure cannot do any
 * further work, and the runtime, which checks {@link #failure()} after each
 * invocation, fails the transaction with that code whatever the contract caught.
 * {@link #used()} after a trip is the limit for {@code OUT_OF_GAS} and the amount
 * charged so far for {@code CALL_DEPTH_EXCEEDED}: the same on every node.
 * <p>
 * Not thread-safe: one transaction runs on one thread.
 */
public final class GasMeter {
    /** Suggested budget of one transaction: about 10 million basic instructions. */
    public static final long DEFAULT_LIMIT = 10_000_000L;
    /** Suggested bound on nested contract method frames (user-contract methods, not JDK ones). */
    public static final int DEFAULT_MAX_CALL_DEPTH = 128;

    private final long limit;
    private final int maxCallDepth;
    private long used;
    private int depth;
    private String failure;

    public GasMeter(long limit) {
        this(limit, DEFAULT_MAX_CALL_DEPTH);
    }

    public GasMeter(long limit, int maxCallDepth) {
        if (limit <= 0 || maxCallDepth <= 0) {
            throw new IllegalArgumentException("limit and depth must be positive: " + limit + ", " + maxCallDepth);
        }
        this.limit = limit;
        this.maxCallDepth = maxCallDepth;
    }

    /**
     * Charges {@code units} of gas, for the runtime's own work on behalf of the transaction.
     *
     * @throws ContractException with {@link FailureCodes#OUT_OF_GAS} (or the earlier trip's code)
     *                           if the meter is or becomes tripped
     */
    public void charge(long units) {
        if (!tryCharge(units)) {
            throw failureException();
        }
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used;
    }

    /** Whether the gas ran out. */
    public boolean exhausted() {
        return FailureCodes.OUT_OF_GAS.equals(failure);
    }

    /** {@link FailureCodes#OUT_OF_GAS} or {@link FailureCodes#CALL_DEPTH_EXCEEDED} once tripped; empty before. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** The exception the runtime fails the transaction with once tripped. */
    public ContractException failureException() {
        if (failure == null) {
            throw new IllegalStateException("the meter has not tripped");
        }
        return failure.equals(FailureCodes.OUT_OF_GAS)
                ? new ContractException(failure, "out of gas: the limit is " + limit)
                : new ContractException(failure, "contract calls nested deeper than " + maxCallDepth + " frames");
    }

    /** Adds {@code units}; false (and tripped) if that passes the limit or the meter was already tripped. */
    boolean tryCharge(long units) {
        if (failure != null) {
            return false;
        }
        if (units < 0) {
            throw new IllegalArgumentException("negative charge " + units);
        }
        if (units > limit - used) {
            used = limit;
            failure = FailureCodes.OUT_OF_GAS;
            return false;
        }
        used += units;
        return true;
    }

    /** Enters a contract method frame; false (and tripped) if that is one too deep. */
    boolean tryEnter() {
        if (failure != null) {
            return false;
        }
        if (depth >= maxCallDepth) {
            failure = FailureCodes.CALL_DEPTH_EXCEEDED;
            return false;
        }
        depth++;
        return true;
    }

    void exit() {
        if (depth > 0) {
            depth--;
        }
    }

    @Override
    public String toString() {
        return "GasMeter[" + used + "/" + limit + (failure == null ? "" : ", " + failure) + "]";
    }
}
