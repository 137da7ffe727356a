/**
 * The deterministic sandbox for user-deployed Java contracts.
 * <p>
 * A contract arrives as a JAR ({@link io.meshledger.node.execution.sandbox.ContractBundle}).
 * At deployment the {@link io.meshledger.node.execution.sandbox.BytecodeVerifier} checks it
 * against an allow-list of JDK members (no clocks, randomness, threads, I/O, reflection,
 * class loading, identity hashes). At load time the
 * {@link io.meshledger.node.execution.sandbox.ContractLoader} instruments the bytecode with gas
 * charges and a call-depth bound and defines it in a class loader of its own, whose parent shows
 * only the allow-listed JDK classes and the contract API. Every invocation runs under a
 * {@link io.meshledger.node.execution.sandbox.GasMeter}; running out fails the transaction with
 * {@code OUT_OF_GAS} at the same instruction on every node, whatever the contract catches.
 */
package io.meshledger.node.execution.sandbox;
