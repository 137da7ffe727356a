/**
 * The Java SDK for publishers and auditors. Start with
 * {@link io.meshledger.client.Meshledger#connect}: it returns a
 * {@link io.meshledger.client.MeshledgerClient} acting as one identity, with
 * typed helpers for the system contracts (publication, authorisation,
 * attestation), ledger reads ({@link io.meshledger.client.LedgerQueries}) and
 * writes that wait for their commit, failing over between nodes. Failures are
 * {@link io.meshledger.client.MeshledgerException}s carrying the network's
 * stable reason code. {@link io.meshledger.client.LedgerClient} is the
 * wire-level client underneath.
 */
package io.meshledger.client;
