package io.meshledger.node.network;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.proto.peer.v1.Ack;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Raw peer streams for the end-to-end rogue peer, which runs in its own JVM:
 * a channel with a validator's genuine TLS credentials, pinned to one server,
 * on which any bytes can be written to the consensus and transaction streams
 * (the {@code RawPeer} of the node's tests, for another process). It lives in
 * this package because the TLS client context and the raw-bytes method
 * descriptors are package-private in production, as they should stay.
 */
public final class RogueWire implements AutoCloseable {
    private final ManagedChannel channel;

    public RogueWire(PeerTls tls, IdentityId server, String host, int port) {
        this.channel = NettyChannelBuilder.forAddress(host, port).sslContext(tls.clientContext(server))
                .maxInboundMessageSize(64 << 20).build();
    }

    /** An open stream of the peer's consensus method: proposals, votes, timeouts, digest signatures. */
    public Stream openConsensus() {
        return open(WireMethods.CONSENSUS);
    }

    /** An open stream of the peer's transaction-forwarding method. */
    public Stream openTransactions() {
        return open(WireMethods.FORWARD_TRANSACTIONS);
    }

    private Stream open(MethodDescriptor<byte[], Ack> method) {
        Stream s = new Stream();
        s.requests = ClientCalls.asyncClientStreamingCall(channel.newCall(method, CallOptions.DEFAULT),
                new StreamObserver<>() {
                    @Override
                    public void onNext(Ack value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        s.ended.set(true);
                        s.endedWith = io.grpc.Status.fromThrowable(t).toString();
                    }

                    @Override
                    public void onCompleted() {
                        s.ended.set(true);
                        s.endedWith = "OK";
                    }
                });
        return s;
    }

    /** One client stream; writes after it ended are dropped. Not thread-safe: one writer. */
    public static final class Stream {
        private StreamObserver<byte[]> requests;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile String endedWith = "";

        public boolean isOpen() {
            return !ended.get();
        }

        public String endedWith() {
            return endedWith;
        }

        /** Writes {@code message} as one stream message; false if the stream had ended. */
        public boolean write(byte[] message) {
            if (ended.get()) {
                return false;
            }
            try {
                requests.onNext(message);
                return true;
            } catch (RuntimeException e) {
                ended.set(true);
                endedWith = e.toString();
                return false;
            }
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
