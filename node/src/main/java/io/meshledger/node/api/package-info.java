/**
 * The client-facing gRPC API ({@code meshledger.v1}): submission with
 * idempotent answers, status, ledger reads, and resumable block and event
 * streams with flow control ({@link io.meshledger.node.api.StreamService}).
 * Every error carries a stable reason code in an {@code ErrorDetail}.
 */
package io.meshledger.node.api;
