/**
 * The self-contained ledger proof (protobuf {@code meshledger.v1.LedgerProof})
 * and its offline verifier: a state entry's presence or absence, or a
 * transaction with its receipt, linked by hashes to a ledger digest signed by
 * a quorum of the genesis validators. Verifying needs the genesis file only.
 */
package io.meshledger.core.proof;
