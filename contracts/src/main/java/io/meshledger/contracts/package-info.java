/**
 * The contract API (what a contract may see: caller, height and time, its own
 * key-value namespace, events, read-only calls) and the system contracts
 * (publication, authorisation, attestation). Filled by the execution issue;
 * the module exists now so the reactor has its final shape.
 */
package io.meshledger.contracts;
