package io.meshledger.node.execution.sandbox;

import io.meshledger.contracts.Contract;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/** Reflection and exception plumbing shared by loading and invoking, kept out of their way. */
final class Invocation {
    private Invocation() {
    }

    /** A new instance, rethrowing whatever the constructor threw as itself. */
    static Contract construct(Constructor<? extends Contract> constructor) {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a contract constructor threw a checked exception", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("a verified contract could not be constructed", e);
        }
    }

    /**
     * How a contract's failure is described in a receipt. The message of an exception the contract
     * defined is its own (deterministic); a JDK exception shows only its class, because JDK messages
     * (helpful NullPointerException messages among them) depend on the node's JDK and flags.
     */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        boolean contractDefined = failure.getClass().getClassLoader() instanceof ContractClassLoader;
        return contractDefined ? failure.getClass().getName() + ": " + failure.getMessage() : failure.getClass().getName();
    }
}
