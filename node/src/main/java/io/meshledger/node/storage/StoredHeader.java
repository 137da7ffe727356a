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
}
