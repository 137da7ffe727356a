package io.meshledger.core.crypto;

/**
 * Domain-separation prefixes: every hash starts with the byte of its kind, so a
 * value hashed as one kind can never be replayed as another (a leaf as an inner
 * node, a vote as a block header). LEAF and NODE follow RFC 9162.
 */
public enum HashDomain {
    /** Merkle accumulator leaf (RFC 9162: 0x00). */
    LEAF(0x00),
    /** Merkle accumulator inner node (RFC 9162: 0x01). */
    NODE(0x01),
    /** Transaction body; the result is the transaction id. */
    TRANSACTION(0x10),
    /** Block header; the result is the block hash. */
    BLOCK_HEADER(0x11),
    /** Ledger digest signed by validators after execution. */
    LEDGER_DIGEST(0x12),
    /** Consensus vote data. */
    VOTE(0x13),
    /** Consensus timeout data. */
    TIMEOUT(0x14),
    /** Consensus proposal signature. */
    PROPOSAL(0x15),
    /** Transaction receipt; the result is the receipt hash, a leaf of its block's receipts root. */
    RECEIPT(0x16),
    /** A transaction id with its signature: names one signed copy, for validators vouching they verified it. */
    SIGNED_TRANSACTION(0x17),
    /** Sparse Merkle tree leaf. */
    STATE_LEAF(0x20),
    /** Sparse Merkle tree inner node. */
    STATE_NODE(0x21),
    /** Keys of the state tree. */
    STATE_KEY(0x22),
    /** State values. */
    STATE_VALUE(0x23);

    private final byte prefix;

    HashDomain(int prefix) {
        this.prefix = (byte) prefix;
    }

    public byte prefix() {
        return prefix;
    }
}
