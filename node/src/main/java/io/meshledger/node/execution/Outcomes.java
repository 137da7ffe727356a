package io.meshledger.node.execution;

import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.node.execution.sandbox.GasMeter;

/**
 * Runs an invocation and turns whatever it did into a deterministic outcome.
 * Only outcomes every node reaches identically may decide a receipt: a
 * contract's own failure code and message, the meter running dry, or the class
 * of an unexpected exception (never its message or stack, which can differ
 * between JVM builds).
 */
final class Outcomes {
    private static final int MAX_MESSAGE_CHARS = 1_000;

    /** What one top-level invocation ended with. */
    sealed interface Outcome {
        record Success(byte[] result) implements Outcome {
        }

        record Failure(String code, String message) implements Outcome {
        }
    }

    private Outcomes() {
    }

    static Outcome run(Invocable target, Invocation invocation, String contract, String method, byte[] args,
                       GasMeter meter) {
        try {
            byte[] result = target.invoke(invocation, method, args, meter);
            if (meter.exhausted()) {
                return outOfGas(meter);
            }
            return new Outcome.Success(result == null ? new byte[0] : result);
        } catch (ContractException e) {
            return meter.exhausted() ? outOfGas(meter) : new Outcome.Failure(e.code(), truncate(e.getMessage()));
        } catch (RuntimeException e) {
            return meter.exhausted() ? outOfGas(meter) : new Outcome.Failure(FailureCodes.CONTRACT_ERROR,
                    contract + "." + method + " threw " + e.getClass().getName());
        }
    }

    /** A read-only call from one contract to another: failures propagate to the caller as contract exceptions. */
    static byte[] runNested(Invocable target, Invocation invocation, String contract, String method, byte[] args,
                            GasMeter meter) {
        try {
            byte[] result = target.invoke(invocation, method, args, meter);
            return result == null ? new byte[0] : result;
        } catch (ContractException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ContractException(FailureCodes.CONTRACT_ERROR, contract + "." + method + " threw "
                    + e.getClass().getName());
        }
    }

    /** The meter's own verdict: out of gas, or calls nested too deep. */
    private static Outcome outOfGas(GasMeter meter) {
        var failure = meter.failureException();
        return new Outcome.Failure(failure.code(), truncate(failure.getMessage()));
    }

    private static String truncate(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}
