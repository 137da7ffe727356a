package io.meshledger.node.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.meshledger.core.crypto.Hash;
import io.meshledger.node.storage.TransactionLocation;

/** Small conversions from domain values to wire messages. */
final class ProtoBytes {
    private ProtoBytes() {
    }

    static ByteString of(Hash h) {
        return UnsafeByteOperations.unsafeWrap(h.unsafeArray());
    }

    static ByteString of(io.meshledger.core.Bytes b) {
        return UnsafeByteOperations.unsafeWrap(b.unsafeArray());
    }

    static io.meshledger.proto.v1.TransactionLocation location(TransactionLocation l) {
        return io.meshledger.proto.v1.TransactionLocation.newBuilder()
                .setHeight(l.height()).setIndex(l.index()).setGlobalIndex(l.globalIndex()).build();
    }
}
