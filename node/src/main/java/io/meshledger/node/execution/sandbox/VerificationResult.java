package io.meshledger.node.execution.sandbox;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the deployment verifier found: every violation, in the order classes and
 * instructions were visited (classes sorted by name), so the same bundle yields
 * the same message on every node.
 */
public record VerificationResult(List<Violation> violations) {
    public VerificationResult {
        violations = List.copyOf(violations);
    }

    public boolean accepted() {
        return violations.isEmpty();
    }

    /** All violations, one per line, for a receipt's failure message. */
    public String describe() {
        return violations.stream().map(Violation::message).collect(Collectors.joining("\n"));
    }
}
