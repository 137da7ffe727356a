package io.meshledger.node.storage;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;
import com.google.protobuf.InvalidProtocolBufferException;
import io.meshledger.core.DecodingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stored block without its decoded transactions: the exact header bytes, the
 * header, the block hash and the transaction ids (hashes of the bodies as
 * stored). Cheap next to {@link Block#decode}, which parses every body.
 */
public record BlockOutline(Bytes headerBytes, BlockHeader header, Hash hash, List<Hash> transactionIds) {
    public BlockOutline {
        Objects.requireNonNull(headerBytes, "headerBytes");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(hash, "hash");
        transactionIds = List.copyOf(transactionIds);
    }

    /** @throws DecodingException if the bytes are not a block */
    static BlockOutline of(byte[] encodedBlock) {
        io.meshledger.proto.v1.Block p;
        try {
            p = io.meshledger.proto.v1.Block.parseFrom(encodedBlock);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodingException("block is not valid protobuf: " + e.getMessage(), e);
        }
        byte[] header = p.getHeader().toByteArray();
        List<Hash> ids = new ArrayList<>(p.getTransactionsCount());
        for (io.meshledger.proto.v1.Transaction tx : p.getTransactionsList()) {
            ids.add(SignedTransaction.idOf(tx.getBody().toByteArray()));
        }
        return new BlockOutline(Bytes.wrap(header), BlockHeader.decode(header), Block.hashOf(header), ids);
    }
}
