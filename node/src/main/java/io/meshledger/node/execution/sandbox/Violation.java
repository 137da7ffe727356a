package io.meshledger.node.execution.sandbox;

import java.util.Objects;

/**
 * One reason a bundle was rejected, naming where and what.
 *
 * @param location  {@code com.acme.Counter.invoke} (class and method), a class name, or {@code bundle}
 * @param reference what the location referenced, in JVM notation, e.g.
 *                  {@code calls java/lang/System.currentTimeMillis()J}; empty when nothing specific
 * @param reason    why that breaks the rules, e.g. {@code clocks are not deterministic}
 */
public record Violation(String location, String reference, String reason) {
    public Violation {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code com.acme.Bad.invoke calls java/lang/System.currentTimeMillis()J: clocks are not deterministic}. */
    public String message() {
        return reference.isEmpty() ? location + ": " + reason : location + " " + reference + ": " + reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
