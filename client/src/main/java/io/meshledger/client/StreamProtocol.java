package io.meshledger.client;

import io.grpc.MethodDescriptor;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.proto.v1.BlockEnvelope;
import io.meshledger.proto.v1.EventEnvelope;
import io.meshledger.proto.v1.StreamGrpc;
import io.meshledger.proto.v1.SubscribeBlocksRequest;
import io.meshledger.proto.v1.SubscribeEventsRequest;
import io.meshledger.proto.v1.Transaction;

/** How to (re)subscribe to one kind of stream so that it resumes right after the last item delivered. */
interface StreamProtocol<Q, T> {
    MethodDescriptor<Q, T> method();

    /**
     * The request resuming strictly after {@code lastOrNull} (null: from where
     * the subscription started), with {@code authOrNull} as its read authorisation.
     */
    Q request(T lastOrNull, Transaction authOrNull);

    /** Where an item sits, for logs and for callers who save their position. */
    String positionOf(T item);

    /** Events: resume after the last cursor; the template's filters are kept. */
    record Events(SubscribeEventsRequest template) implements StreamProtocol<SubscribeEventsRequest, EventEnvelope> {
        @Override
        public MethodDescriptor<SubscribeEventsRequest, EventEnvelope> method() {
            return StreamGrpc.getSubscribeEventsMethod();
        }

        @Override
        public SubscribeEventsRequest request(EventEnvelope lastOrNull, Transaction authOrNull) {
            SubscribeEventsRequest.Builder b = template.toBuilder();
            if (lastOrNull != null) {
                b.setFrom(lastOrNull.getCursor());
            }
            if (authOrNull != null) {
                b.setAuth(authOrNull);
            }
            return b.build();
        }

        @Override
        public String positionOf(EventEnvelope item) {
            return item.getCursor().getHeight() + ":" + Integer.toUnsignedString(item.getCursor().getTxIndex()) + ":"
                    + Integer.toUnsignedString(item.getCursor().getEventIndex());
        }
    }

    /** Blocks: resume at the height after the last block. */
    record Blocks(long fromHeight) implements StreamProtocol<SubscribeBlocksRequest, BlockEnvelope> {
        @Override
        public MethodDescriptor<SubscribeBlocksRequest, BlockEnvelope> method() {
            return StreamGrpc.getSubscribeBlocksMethod();
        }

        @Override
        public SubscribeBlocksRequest request(BlockEnvelope lastOrNull, Transaction authOrNull) {
            SubscribeBlocksRequest.Builder b = SubscribeBlocksRequest.newBuilder()
                    .setFromHeight(lastOrNull == null ? fromHeight : heightOf(lastOrNull) + 1);
            if (authOrNull != null) {
                b.setAuth(authOrNull);
            }
            return b.build();
        }

        @Override
        public String positionOf(BlockEnvelope item) {
            return Long.toString(heightOf(item));
        }

        static long heightOf(BlockEnvelope e) {
            return BlockHeader.decode(e.getBlock().getHeader().toByteArray()).height();
        }
    }
}
