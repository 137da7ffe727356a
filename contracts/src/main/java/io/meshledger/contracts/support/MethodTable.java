package io.meshledger.contracts.support;

import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.ContractException;
import io.meshledger.contracts.FailureCodes;
import java.util.Map;

/** A contract's methods by name; an unknown name fails with {@code UNKNOWN_METHOD}. */
public final class MethodTable {

    /** One method: decodes its own arguments and returns its encoded result. */
    @FunctionalInterface
    public interface Method {
        byte[] invoke(ContractContext context, byte[] args);
    }

    private final String contract;
    private final Map<String, Method> methods;

    public MethodTable(String contract, Map<String, Method> methods) {
        this.contract = contract;
        this.methods = Map.copyOf(methods);
    }

    public byte[] dispatch(ContractContext context, String method, byte[] args) {
        Method m = method == null ? null : methods.get(method);
        if (m == null) {
            throw new ContractException(FailureCodes.UNKNOWN_METHOD, contract + " has no method '" + method + "'");
        }
        return m.invoke(context, args);
    }
}
