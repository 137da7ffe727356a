package io.meshledger.node.execution;

import java.util.Objects;

/**
 * The result of a read-only call: the method's result, or a stable failure code.
 *
 * @param result      the method's result; empty on failure
 * @param failureCode empty on success
 */
public record CallOutcome(byte[] result, String failureCode, String failureMessage, long gasUsed) {
    public CallOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(failureCode, "failureCode");
        Objects.requireNonNull(failureMessage, "failureMessage");
    }

    static CallOutcome failed(String code, String message, long gasUsed) {
        return new CallOutcome(new byte[0], code, message, gasUsed);
    }

    public boolean succeeded() {
        return failureCode.isEmpty();
    }
}
