package io.meshledger.node.execution.sandbox;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The calls the instrumenter weaves into contract bytecode, and the binding of
 * the current {@link GasMeter} they charge.
 * <p>
 * Why a static class with a {@link ThreadLocal}: instrumented code runs inside
 * arbitrary contract methods (static ones, lambdas, constructors) that have no
 * parameter to carry a meter, and adding one would change every signature the
 * contract's own classes link against. The runtime binds the transaction's meter
 * around each invocation with {@link #within} and always unbinds it (restoring any
 * outer binding, for nested contract calls), so a meter never outlives its
 * invocation nor crosses threads.
 * <p>
 * Public only because contract classes, defined in other class loaders, call it.
 * The verifier refuses any reference to it in deployed bytecode, so only the
 * instrumenter's calls reach it. Charging outside a binding is a node bug and
 * fails fast.
 */
public final class Metering {
    private static final ThreadLocal<GasMeter> CURRENT = new ThreadLocal<>();

    private Metering() {
    }

    /** Runs {@code body} with {@code meter} bound on this thread, then restores the previous binding. */
    static <T> T within(GasMeter meter, Supplier<T> body) {
        GasMeter outer = CURRENT.get();
        CURRENT.set(meter);
        try {
            return body.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** Charged at the start of every basic block: {@code cost} is its instruction count. */
    public static void charge(int cost) {
        GasMeter meter = meter();
        if (!meter.tryCharge(cost)) {
            throw new MeterTrippedError(meter.failure().orElseThrow());
        }
    }

    /** Charged before an allocation or copy of {@code count} elements; returns {@code count} unchanged. */
    public static int chargeElements(int count) {
        charge(meter(), Math.max(count, 0));
        return count;
    }

    /** One step of the element count of a multi-dimensional allocation, saturating instead of overflowing. */
    public static long multiplyDimension(long product, int dimension) {
        long d = Math.max(dimension, 0);
        return d != 0 && product > Long.MAX_VALUE / d ? Long.MAX_VALUE : product * d;
    }

    /** Charged before a multi-dimensional allocation of {@code elements} in all. */
    public static void chargeDimensions(long elements) {
        charge(meter(), elements);
    }

    /**
     * Charges the size of a value a JDK call produced or is about to copy (characters of a
     * string, elements of an array, collection or map; nothing for anything else) and returns it.
     */
    public static Object sized(Object value) {
        GasMeter meter = meter();
        long size = switch (value) {
            case null -> 0;
            case CharSequence text -> text.length();
            case Collection<?> collection -> collection.size();
            case Map<?, ?> map -> map.size();
            default -> value.getClass().isArray() ? Array.getLength(value) : 0;
        };
        charge(meter, size);
        return value;
    }

    /** Entered at the start of every contract method. */
    public static void enter() {
        GasMeter meter = meter();
        if (!meter.tryEnter()) {
            throw new MeterTrippedError(meter.failure().orElseThrow());
        }
    }

    /** Left at every return, and on the way out of an exception (constructors excepted, see {@link Instrumenter}). */
    public static void exit() {
        meter().exit();
    }

    private static void charge(GasMeter meter, long units) {
        if (!meter.tryCharge(units)) {
            throw new MeterTrippedError(meter.failure().orElseThrow());
        }
    }

    private static GasMeter meter() {
        GasMeter meter = CURRENT.get();
        if (meter == null) {
            throw new IllegalStateException("contract code ran outside a metered invocation");
        }
        return meter;
    }
}
