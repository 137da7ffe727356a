package io.meshledger.contracts.support;

import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;

/** Short constructors for the failures the system contracts raise. */
public final class Fail {
    private Fail() {
    }

    public static ContractException invalid(String message) {
        return new ContractException(FailureCodes.INVALID_ARGUMENT, message);
    }

    public static ContractException notFound(String message) {
        return new ContractException(FailureCodes.NOT_FOUND, message);
    }

    public static ContractException denied(String message) {
        return new ContractException(FailureCodes.PERMISSION_DENIED, message);
    }

    public static ContractException exists(String message) {
        return new ContractException(FailureCodes.ALREADY_EXISTS, message);
    }
}
