/**
 * The ledger-wide transaction accumulator: an append-only Merkle tree shaped and
 * hashed exactly as RFC 9162 (Certificate Transparency 2.0) section 2.1, kept as
 * a store of complete perfect subtrees so the root, inclusion proofs and
 * consistency proofs of every past size stay available (as in Diem's
 * accumulator). Owns appending, root computation, proof generation and proof
 * verification; storage of the nodes belongs to whoever implements
 * {@link io.meshledger.core.merkle.AccumulatorNodeReader}.
 */
package io.meshledger.core.merkle;
