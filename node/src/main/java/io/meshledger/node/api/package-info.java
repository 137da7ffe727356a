/**
 * The client-facing gRPC API ({@code meshledger.v1}): submission with
 * idempotent answers, status, and ledger reads. Every error carries a stable
 * reason code in an {@code ErrorDetail}.
 */
package io.meshledger.node.api;
