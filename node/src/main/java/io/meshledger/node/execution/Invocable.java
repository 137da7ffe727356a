package io.meshledger.node.execution;

import io.meshledger.contracts.ContractContext;
import io.meshledger.node.execution.sandbox.GasMeter;

/**
 * A resolved contract, ready to run under a transaction's gas meter. System
 * contracts are trusted code and pay only for state access; user contracts are
 * also metered per instruction by their instrumented bytecode.
 */
@FunctionalInterface
interface Invocable {
    byte[] invoke(ContractContext context, String method, byte[] args, GasMeter meter);
}
