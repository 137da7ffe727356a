/**
 * Runs the pure consensus core: one event-loop thread, edge verification on
 * network threads, persist-before-send on an I/O thread, commits on the
 * ledger's single writer thread.
 */
package io.meshledger.node.driver;
