/**
 * Offline audit of a stopped node's whole ledger against the genesis file:
 * every block's encoding, hash link, transactions root, accumulator root and
 * transaction signatures; every ledger certificate's quorum and digest; and a
 * re-execution of every block from genesis, in a fresh store of its own, to the
 * same state roots, receipts and state entries as the audited store holds.
 * <p>
 * The audited store is opened read-only ({@link io.meshledger.node.storage.ReadOnlyLedgerStore})
 * and never written. Nothing in it is trusted: bytes that do not decode are
 * findings at their height, not exceptions. {@link io.meshledger.node.audit.ChainAuditor}
 * runs the audit and returns an {@link io.meshledger.node.audit.AuditReport}
 * naming the first (lowest) bad height, if any.
 */
package io.meshledger.node.audit;
