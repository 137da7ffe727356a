package io.meshledger.node.storage;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.meshledger.core.DecodingException;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.Hash;

import java.io.IOException;
import java.util.Objects;

/**
 * A block header read out of a stored block without decoding its transactions,
 * for the reads that need only the header (hash links on open, per-height
 * transaction counts for accumulator roots).
 *
 * @param header the decoded header
 * @param hash   the block hash, computed from the exact stored header bytes
 */
record StoredHeader(BlockHeader header, Hash hash) {
    StoredHeader {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(hash, "hash");
    }

    /**
     * The header of an encoded block ({@code meshledger.v1.Block}), reading only
     * the header field.
     *
     * @throws DecodingException if the bytes hold no valid header
     */
    static StoredHeader of(byte[] encodedBlock) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(encodedBlock);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == io.meshledger.proto.v1.Block.HEADER_FIELD_NUMBER
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    byte[] headerBytes = in.readByteArray();
                    return new StoredHeader(BlockHeader.decode(headerBytes), Block.hashOf(headerBytes));
                }
                if (!in.skipField(tag)) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new DecodingException("block is not valid protobuf: " + e.getMessage(), e);
        }
        throw new DecodingException("block has no header");
    }

    long height() {
        return header.height();
    }

    /**
     * Reads and checks the header of the block stored at {@code height}; a
     * missing, undecodable or misplaced block is corruption at that height.
     */
    static StoredHeader read(RocksDatabase db, long height) {
        byte[] bytes = db.get(ColumnFamily.BLOCKS, StorageCodec.height(height));
        if (bytes == null) {
            throw StoreCorruptedException.atHeight(height, "the block is missing at or below the recorded tip");
        }
        StoredHeader header;
        try {
            header = of(bytes);
        } catch (io.meshledger.core.DecodingException e) {
            throw StoreCorruptedException.atHeight(height, "the block header does not decode: " + e.getMessage(), e);
        }
        if (header.height() != height) {
            throw StoreCorruptedException.atHeight(height, "the block stored there says height " + header.height());
        }
        return header;
    }
}
