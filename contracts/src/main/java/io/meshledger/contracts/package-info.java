/**
 * The contract API: what a contract may see ({@link io.meshledger.contracts.ContractContext}:
 * caller, height and time, its own key-value namespace, events, read-only calls)
 * and how it fails ({@link io.meshledger.contracts.ContractException} with a stable code).
 * The system contracts live in sub-packages.
 */
package io.meshledger.contracts;
