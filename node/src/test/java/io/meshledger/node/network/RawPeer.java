package io.meshledger.node.network;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.proto.peer.v1.Ack;
import io.meshledger.proto.peer.v1.FetchBlockByHashRequest;
import io.meshledger.proto.peer.v1.PeerGrpc;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven peer connection for tests: whatever credentials, pinned to one
 * server, writing whatever bytes on the peer streams.
 */
final class RawPeer implements AutoCloseable {
    private final ManagedChannel channel;

    RawPeer(PeerTls tls, IdentityId server, int port) {
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(tls.clientContext(server)).build();
    }

    /** An open stream on {@code method}; {@link Stream#end} completes with the status the server ends it with. */
    Stream open(MethodDescriptor<byte[], Ack> method) {
        CompletableFuture<Status> end = new CompletableFuture<>();
        StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(
                channel.newCall(method, CallOptions.DEFAULT), new StreamObserver<>() {
                    @Override
                    public void onNext(Ack value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        end.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        end.complete(Status.OK);
                    }
                });
        return new Stream(requests, end);
    }

    record Stream(StreamObserver<byte[]> requests, CompletableFuture<Status> end) {
        Stream write(List<byte[]> messages) {
            messages.forEach(requests::onNext);
            return this;
        }

        Status await() throws Exception {
            return end.get(10, TimeUnit.SECONDS);
        }
    }

    /** The status of a FetchBlockByHash call. */
    Status fetchBlockByHash(Hash hash) {
        try {
            PeerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).fetchBlockByHash(
                    FetchBlockByHashRequest.newBuilder().setBlockHash(ByteString.copyFrom(hash.unsafeArray())).build());
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    /** The reason code in the trailers of a failed FetchBlockByHash call. */
    String fetchBlockByHashReason(Hash hash) {
        try {
            PeerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).fetchBlockByHash(
                    FetchBlockByHashRequest.newBuilder().setBlockHash(ByteString.copyFrom(hash.unsafeArray())).build());
            return "";
        } catch (StatusRuntimeException e) {
            return PeerErrors.reason(e).orElse("");
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
