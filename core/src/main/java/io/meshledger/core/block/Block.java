package io.meshledger.core.block;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.meshledger.core.Bytes;
import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.HashDomain;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.tx.SignedTransaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A block: the exact header bytes (its hash is H(BLOCK_HEADER || headerBytes)),
 * the decoded header, and the ordered transactions.
 */
public record Block(Bytes headerBytes, BlockHeader header, Hash hash, List<SignedTransaction> transactions) {
    public Block {
        Objects.requireNonNull(headerBytes, "headerBytes");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(hash, "hash");
        transactions = List.copyOf(transactions);
    }

    /** Encodes {@code header} and assembles a block. */
    public static Block create(BlockHeader header, List<SignedTransaction> transactions) {
        byte[] bytes = header.encode();
        return new Block(Bytes.wrap(bytes), header, hashOf(bytes), transactions);
    }

    /** H(BLOCK_HEADER || header bytes). */
    public static Hash hashOf(byte[] headerBytes) {
        return Hashing.hash(HashDomain.BLOCK_HEADER, headerBytes);
    }

    public long height() {
        return header.height();
    }

    public Hash parentHash() {
        return header.parentHash();
    }

    public List<Hash> transactionIds() {
        List<Hash> ids = new ArrayList<>(transactions.size());
        for (SignedTransaction tx : transactions) {
            ids.add(tx.id());
        }
        return ids;
    }

    public io.meshledger.proto.v1.Block toProto() {
        var b = io.meshledger.proto.v1.Block.newBuilder().setHeader(UnsafeByteOperations.unsafeWrap(headerBytes.unsafeArray()));
        for (SignedTransaction tx : transactions) {
            b.addTransactions(tx.toProto());
        }
        return b.build();
    }

    public byte[] encode() {
        return toProto().toByteArray();
    }

    public static Block fromProto(io.meshledger.proto.v1.Block p) {
        byte[] headerBytes = p.getHeader().toByteArray();
        BlockHeader header = BlockHeader.decode(headerBytes);
        List<SignedTransaction> txs = new ArrayList<>(p.getTransactionsCount());
        for (var tx : p.getTransactionsList()) {
            txs.add(SignedTransaction.fromProto(tx));
        }
        return new Block(Bytes.wrap(headerBytes), header, hashOf(headerBytes), txs);
    }

    public static Block decode(byte[] bytes) {
        try {
            return fromProto(io.meshledger.proto.v1.Block.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new DecodingException("block is not valid protobuf: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Block[height=" + height() + ", hash=" + hash.shortHex() + ", txs=" + transactions.size() + "]";
    }
}
