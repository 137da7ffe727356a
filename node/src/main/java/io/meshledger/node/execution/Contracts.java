package io.meshledger.node.execution;

import io.meshledger.contracts.Contract;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves a contract name to code: the system contracts present at genesis,
 * else a user contract that governance activated (looked up in the state the
 * invocation sees, so a deployment takes effect from the next transaction).
 */
final class Contracts {
    /** Namespace the runtime itself writes (receipts roots); no contract may use the name. */
    static final String LEDGER_NAMESPACE = io.meshledger.core.receipt.Receipt.ROOTS_NAMESPACE;

    /** How user contracts are found; implemented over governance state and the sandbox loader. */
    @FunctionalInterface
    interface UserContracts {
        Optional<Invocable> resolve(String name, Overlay state);

        UserContracts NONE = (name, state) -> Optional.empty();
    }

    private final Map<String, Invocable> system;
    private final UserContracts user;

    Contracts(Map<String, Contract> systemContracts, UserContracts user) {
        Map<String, Invocable> m = new LinkedHashMap<>();
        systemContracts.forEach((name, contract) -> {
            if (name.equals(LEDGER_NAMESPACE)) {
                throw new IllegalArgumentException("'" + LEDGER_NAMESPACE + "' is reserved for the runtime");
            }
            // System contracts are trusted: they pay for state access, not per instruction.
            m.put(name, (context, method, args, meter) -> contract.invoke(context, method, args));
        });
        this.system = Map.copyOf(m);
        this.user = Objects.requireNonNull(user, "user");
    }

    Optional<Invocable> resolve(String name, Overlay state) {
        if (name.equals(LEDGER_NAMESPACE)) {
            return Optional.empty();
        }
        Invocable s = system.get(name);
        return s != null ? Optional.of(s) : user.resolve(name, state);
    }

    boolean isSystem(String name) {
        return system.containsKey(name);
    }
}
