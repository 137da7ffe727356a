package io.meshledger.node.network;

import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.meshledger.proto.peer.v1.Ack;
import io.meshledger.proto.peer.v1.PeerGrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The two streaming methods of {@code meshledger.peer.v1.Peer} with raw-bytes
 * request marshallers. Outbound, a message is encoded once and the same bytes
 * go to every peer; inbound, the bytes reach {@link ConsensusCodec} untouched,
 * so even bytes that are not protobuf at all are decoded at the edge and
 * counted against the peer (a protobuf marshaller would close the call before
 * the handler saw them). The transport bounds the size of every message.
 */
final class WireMethods {
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static final MethodDescriptor.Marshaller<Ack> ACK = ProtoUtils.marshaller(Ack.getDefaultInstance());

    /** {@code Consensus(stream ConsensusMessage) returns (Ack)}, requests as bytes. */
    static final MethodDescriptor<byte[], Ack> CONSENSUS = PeerGrpc.getConsensusMethod().toBuilder(BYTES, ACK).build();

    /** {@code ForwardTransactions(stream TransactionBatch) returns (Ack)}, requests as bytes. */
    static final MethodDescriptor<byte[], Ack> FORWARD_TRANSACTIONS =
            PeerGrpc.getForwardTransactionsMethod().toBuilder(BYTES, ACK).build();

    private WireMethods() {
    }
}
