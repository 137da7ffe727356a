package io.meshledger.node.consensus;

import java.util.Objects;

/** What {@link SafetyRules} returns: a signed value, or the refusal that prevented signing. */
public sealed interface SafetyOutcome<T> {
    record Signed<T>(T value) implements SafetyOutcome<T> {
        public Signed {
            Objects.requireNonNull(value, "value");
        }
    }

    record Refused<T>(SafetyRefusal refusal) implements SafetyOutcome<T> {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }
}
