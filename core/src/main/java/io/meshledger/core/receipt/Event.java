package io.meshledger.core.receipt;

import io.meshledger.core.Bytes;

import java.util.Objects;

/**
 * Something a contract reported while executing a transaction, kept in the
 * transaction's receipt and streamed to subscribers.
 *
 * @param contract the contract that emitted it
 * @param type     what happened, e.g. {@code RecordPublished}
 * @param key      what it is about (subscription filters match key prefixes)
 * @param data     the event's body, as the contract encoded it
 */
public record Event(String contract, String type, Bytes key, Bytes data) {
    public Event {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
    }

    io.meshledger.proto.v1.Event toProto() {
        return io.meshledger.proto.v1.Event.newBuilder().setContract(contract).setType(type)
                .setKey(com.google.protobuf.UnsafeByteOperations.unsafeWrap(key.unsafeArray()))
                .setData(com.google.protobuf.UnsafeByteOperations.unsafeWrap(data.unsafeArray())).build();
    }

    static Event fromProto(io.meshledger.proto.v1.Event proto) {
        return new Event(proto.getContract(), proto.getType(), Bytes.wrap(proto.getKey().toByteArray()),
                Bytes.wrap(proto.getData().toByteArray()));
    }
}
