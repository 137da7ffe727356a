package io.meshledger.core.tx;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.crypto.Signer;

import java.util.Objects;

/**
 * A transaction as it travels: the exact body bytes that were signed, and the
 * signature. The id is H(TRANSACTION || body); the signature covers the id, so
 * its cost does not grow with the payload. Nothing is ever re-serialised before
 * hashing or verifying.
 *
 * @param body      body bytes exactly as signed
 * @param signature signature over {@code id}
 * @param id        H(TRANSACTION || body)
 * @param decoded   the decoded body
 */
public record SignedTransaction(Bytes body, Bytes signature, Hash id, TransactionBody decoded) {
    public SignedTransaction {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(decoded, "decoded");
    }

    /** The id of a transaction with these body bytes. */
    public static Hash idOf(byte[] body) {
        return Hashing.hash(HashDomain.TRANSACTION, body);
    }

    /**
     * H(SIGNED_TRANSACTION || id || signature): names exactly this signed copy.
     * Two copies with one id but other signature bytes get different names, so
     * a validator vouching that it verified one says nothing about the other.
     */
    public Hash signedId() {
        return Hashing.hash(HashDomain.SIGNED_TRANSACTION, id.unsafeArray(), signature.unsafeArray());
    }

    /** Encodes and signs {@code body}. */
    public static SignedTransaction sign(TransactionBody body, Signer signer) {
        byte[] bytes = body.encode();
        Hash id = idOf(bytes);
        return new SignedTransaction(Bytes.wrap(bytes), Bytes.wrap(signer.sign(id.unsafeArray())), id, body);
    }

    /** Builds from body bytes and signature received from elsewhere; decodes the body. */
    public static SignedTransaction of(byte[] body, byte[] signature) {
        TransactionBody decoded = TransactionBody.decode(body);
        return new SignedTransaction(Bytes.of(body), Bytes.of(signature), idOf(body), decoded);
    }

    /** Decodes the wire form (a {@code meshledger.v1.Transaction} message). */
    public static SignedTransaction decode(byte[] wire) {
        try {
            return fromProto(io.meshledger.proto.v1.Transaction.parseFrom(wire));
        } catch (InvalidProtocolBufferException e) {
            throw new DecodingException("transaction is not valid protobuf: " + e.getMessage(), e);
        }
    }

    /** Converts from the wire message. */
    public static SignedTransaction fromProto(io.meshledger.proto.v1.Transaction tx) {
        if (tx.getBody().isEmpty()) {
            throw new DecodingException("transaction has an empty body");
        }
        if (tx.getSignature().isEmpty()) {
            throw new DecodingException("transaction has no signature");
        }
        byte[] body = tx.getBody().toByteArray();
        return new SignedTransaction(Bytes.wrap(body), Bytes.wrap(tx.getSignature().toByteArray()),
                idOf(body), TransactionBody.decode(body));
    }

    public io.meshledger.proto.v1.Transaction toProto() {
        return io.meshledger.proto.v1.Transaction.newBuilder()
                .setBody(UnsafeByteOperations.unsafeWrap(body.unsafeArray()))
                .setSignature(UnsafeByteOperations.unsafeWrap(signature.unsafeArray()))
                .build();
    }

    /** The wire form. */
    public byte[] encode() {
        return toProto().toByteArray();
    }

    /** Size of the wire form in bytes, which the size limit applies to. */
    public int encodedSize() {
        // Computed, not encoded: proto3 leaves out empty fields, and both fields are never empty here.
        return fieldSize(1, body) + fieldSize(2, signature);
    }

    private static int fieldSize(int field, Bytes value) {
        return value.length() == 0 ? 0 : com.google.protobuf.CodedOutputStream.computeByteArraySize(field, value.unsafeArray());
    }
}
