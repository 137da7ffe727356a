/**
 * The {@code governance} system contract: member organisations propose user
 * contracts (deploy or upgrade), the proposal is checked by the sandbox's
 * bytecode verifier, and it takes effect once admins of a strict majority of
 * member organisations approve. {@link io.meshledger.node.execution.governance.DeployedContracts}
 * is how the runtime resolves a user contract name to its active code.
 */
package io.meshledger.node.execution.governance;
