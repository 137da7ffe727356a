package io.meshledger.node.execution.sandbox;

import io.meshledger.contracts.Contract;
import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import io.meshledger.core.crypto.Hash;

import java.lang.reflect.Constructor;
import java.util.Objects;

/**
 * A verified, instrumented and defined user contract, ready to run. Immutable
 * and safe to share between threads and to cache by {@link #codeHash()}.
 * <p>
 * Each invocation constructs a fresh instance of the entry class (its
 * constructor is metered like the rest), so instance fields cannot carry data
 * from one transaction to the next; statics are written only by static
 * initialisers, which ran at load time.
 * <p>
 * Stack: with {@link GasMeter#DEFAULT_MAX_CALL_DEPTH} frames and
 * {@link BundleLimits#maxFrameSlots()} slots a contract needs well under 1 MiB of
 * Java stack; the runtime should call {@link #invoke} on a thread with at least
 * that much headroom so no node ever sees a {@link StackOverflowError}.
 */
public final class LoadedContract {
    private final String name;
    private final Hash codeHash;
    private final Constructor<? extends Contract> constructor;

    LoadedContract(String name, Hash codeHash, Constructor<? extends Contract> constructor) {
        this.name = Objects.requireNonNull(name, "name");
        this.codeHash = Objects.requireNonNull(codeHash, "codeHash");
        this.constructor = Objects.requireNonNull(constructor, "constructor");
    }

    public String name() {
        return name;
    }

    /** SHA-256 of the deployed JAR. */
    public Hash codeHash() {
        return codeHash;
    }

    /**
     * Runs {@code method} under {@code meter}, which the caller created for the transaction
     * (and may also have charged, and may share with nested calls).
     * <p>
     * Outcome rules, in order: if the meter tripped at any point, the invocation fails with
     * its code ({@code OUT_OF_GAS} or {@code CALL_DEPTH_EXCEEDED}) whatever the contract threw,
     * caught or returned; a {@link ContractException} from the contract fails it with the
     * contract's code; any other exception, or a null result, fails it with
     * {@code CONTRACT_ERROR}.
     *
     * @return the contract's result
     * @throws ContractException as above; the caller discards the invocation's writes and events
     */
    public byte[] invoke(ContractContext context, String method, byte[] args, GasMeter meter) {
        byte[] result;
        try {
            result = Metering.within(meter, () -> Invocation.construct(constructor).invoke(context, method, args));
        } catch (MeterTrippedError e) {
            throw meter.failureException();
        } catch (ContractException e) {
            throw meter.failure().isPresent() ? meter.failureException() : e;
        } catch (RuntimeException | LinkageError e) {
            if (meter.failure().isPresent()) {
                throw meter.failureException();
            }
            throw new ContractException(FailureCodes.CONTRACT_ERROR, name + " failed: " + Invocation.describe(e));
        }
        if (meter.failure().isPresent()) {
            throw meter.failureException();
        }
        if (result == null) {
            throw new ContractException(FailureCodes.CONTRACT_ERROR, name + "." + method + " returned null");
        }
        return result;
    }

    @Override
    public String toString() {
        return "LoadedContract[" + name + ", " + codeHash.shortHex() + "]";
    }
}
