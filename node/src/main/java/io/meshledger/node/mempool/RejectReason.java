package io.meshledger.node.mempool;

/**
 * Why a transaction was not admitted. The names are stable reason codes: they
 * cross the wire in error details and clients match on them.
 */
public enum RejectReason {
    /** The signature does not verify against the sender's key. */
    INVALID_SIGNATURE,
    /** The expiry height has passed, or lies beyond the allowed window. */
    EXPIRED,
    /** The same transaction id is pending or already committed. */
    DUPLICATE,
    /** The sender's certificate does not chain to a member organisation's CA (or the key id is unknown). */
    UNKNOWN_IDENTITY,
    /** The encoded transaction exceeds the genesis size limit. */
    PAYLOAD_TOO_LARGE,
    /** The bytes do not decode to a well-formed transaction. */
    MALFORMED,
    /** The transaction names another chain. */
    WRONG_CHAIN,
    /** The mempool is full: retry later. */
    RESOURCE_EXHAUSTED
}
