package io.meshledger.core.receipt;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.proto.v1.ReceiptStatus;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one committed transaction: success with its events, or a
 * stable failure code (a failed transaction changes no state but keeps its
 * slot). Every node derives the same receipts from the same block; a block's
 * receipts are bound to its state by their Merkle root (see
 * {@link #receiptsRoot}), which execution writes into the state tree.
 *
 * @param txId           the transaction
 * @param height         the block it was committed in
 * @param index          its position in the block
 * @param failureCode    empty on success, else a stable code such as {@code PERMISSION_DENIED}
 * @param failureMessage a human explanation of the failure; empty on success
 * @param events         what the contract emitted; empty on failure
 * @param gasUsed        execution budget consumed
 * @param result         what the method returned; empty on failure
 */
public record Receipt(Hash txId, long height, int index, String failureCode, String failureMessage, List<Event> events,
                      long gasUsed, Bytes result) {
    public Receipt {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(failureCode, "failureCode");
        Objects.requireNonNull(failureMessage, "failureMessage");
        events = List.copyOf(events);
        if (!failureCode.isEmpty() && (!events.isEmpty() || result.length() > 0)) {
            throw new IllegalArgumentException("a failed transaction keeps no events and has no result");
        }
        if (height < 1 || index < 0 || gasUsed < 0) {
            throw new IllegalArgumentException("receipt numbers out of range: height=" + height + " index=" + index
                    + " gasUsed=" + gasUsed);
        }
    }

    public static Receipt success(Hash txId, long height, int index, List<Event> events, long gasUsed, Bytes result) {
        return new Receipt(txId, height, index, "", "", events, gasUsed, result);
    }

    public static Receipt failure(Hash txId, long height, int index, String code, String message, long gasUsed) {
        if (code.isEmpty()) {
            throw new IllegalArgumentException("a failure needs a code");
        }
        return new Receipt(txId, height, index, code, message, List.of(), gasUsed, Bytes.EMPTY);
    }

    public boolean succeeded() {
        return failureCode.isEmpty();
    }

    public io.meshledger.proto.v1.Receipt toProto() {
        io.meshledger.proto.v1.Receipt.Builder b = io.meshledger.proto.v1.Receipt.newBuilder()
                .setTxId(UnsafeByteOperations.unsafeWrap(txId.unsafeArray())).setHeight(height).setIndex(index)
                .setStatus(succeeded() ? ReceiptStatus.SUCCESS : ReceiptStatus.FAILED)
                .setFailureCode(failureCode).setFailureMessage(failureMessage).setGasUsed(gasUsed)
                .setResult(UnsafeByteOperations.unsafeWrap(result.unsafeArray()));
        events.forEach(e -> b.addEvents(e.toProto()));
        return b.build();
    }

    /** The receipt's canonical bytes: what its hash covers and what the store keeps. */
    public byte[] encode() {
        return toProto().toByteArray();
    }

    /** H(RECEIPT || encoding): the leaf of the block's receipts root. */
    public Hash hash() {
        return hashOf(encode());
    }

    /** The hash of a receipt given its stored bytes, which are never re-encoded before hashing. */
    public static Hash hashOf(byte[] encoded) {
        return Hashing.hash(HashDomain.RECEIPT, encoded);
    }

    /** The runtime's state namespace, where each block's receipts root is written. */
    public static final String ROOTS_NAMESPACE = "ledger";

    /**
     * Key of block {@code height}'s receipts root in {@link #ROOTS_NAMESPACE}:
     * {@code receipts/} and the big-endian height. Writing the root into the
     * state tree makes the certified state root bind every receipt.
     */
    public static byte[] receiptsRootKey(long height) {
        byte[] prefix = "receipts/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return java.nio.ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(height).array();
    }

    /** RFC 9162 Merkle root over the receipt hashes of one block, in transaction order. */
    public static Hash receiptsRoot(List<Hash> receiptHashes) {
        return io.meshledger.core.merkle.MerkleAccumulator.rootOf(receiptHashes);
    }

    public static Receipt decode(byte[] bytes) {
        io.meshledger.proto.v1.Receipt p;
        try {
            p = io.meshledger.proto.v1.Receipt.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodingException("receipt is not valid protobuf: " + e.getMessage(), e);
        }
        boolean success = p.getStatus() == ReceiptStatus.SUCCESS;
        if (success != p.getFailureCode().isEmpty() || p.getTxId().size() != Hash.LENGTH) {
            throw new DecodingException("receipt status " + p.getStatus() + " contradicts failure code '"
                    + p.getFailureCode() + "' or its tx id has " + p.getTxId().size() + " bytes");
        }
        try {
            return new Receipt(Hash.of(p.getTxId().toByteArray()), p.getHeight(), p.getIndex(), p.getFailureCode(),
                    p.getFailureMessage(), p.getEventsList().stream().map(Event::fromProto).toList(), p.getGasUsed(),
                    io.meshledger.core.Bytes.wrap(p.getResult().toByteArray()));
        } catch (IllegalArgumentException e) {
            throw new DecodingException("receipt is inconsistent: " + e.getMessage(), e);
        }
    }
}
