/**
 * Ledger certification: after executing a block each validator signs the ledger
 * digest; {@code 2f+1} matching signatures are the block's ledger certificate.
 * A node whose digest differs from a quorum's has diverged and stops certifying.
 */
package io.meshledger.node.certification;
