package io.meshledger.contracts;

import java.util.Objects;

/**
 * Thrown by a contract (or the runtime on its behalf) to fail the current
 * transaction deterministically. The code lands in the receipt and is stable
 * across releases: clients branch on it. The message explains, for people.
 */
public final class ContractException extends RuntimeException {
    private final String code;

    public ContractException(String code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable failure code, one of {@link FailureCodes} or a contract-specific upper-case code. */
    public String code() {
        return code;
    }
}
