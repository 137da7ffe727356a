package io.meshledger.node.network;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.consensus.Proposal;
import io.meshledger.proto.peer.v1.FetchBlockByHashRequest;
import io.meshledger.proto.peer.v1.FetchBlockByHashResponse;
import io.meshledger.proto.peer.v1.FetchBlocksRequest;
import io.meshledger.proto.peer.v1.PeerGrpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Everything this node keeps towards one other validator: one TLS channel
 * pinned to its certificate, a consensus stream and a transaction stream (each
 * with its own bounded queue), and fetch requests with deadlines.
 */
final class PeerLink {
    private final Validator peer;
    private final ManagedChannel channel;
    private final OutboundStream consensus;
    private final OutboundStream transactions;
    private final PeerConnectivity connectivity;
    private final PeerGrpc.PeerStub stub;

    PeerLink(Validator peer, ManagedChannel channel, PeerClientOptions options, Reconnection reconnection) {
        this.peer = peer;
        this.channel = channel;
        // The consensus stream stands for the peer's connectivity; the transaction stream's ups and downs follow it.
        this.connectivity = new PeerConnectivity(peer.name(), System::nanoTime);
        this.consensus = new OutboundStream(peer.name() + "/consensus", channel, WireMethods.CONSENSUS,
                new QueueLimits(options.queueCapacity(), options.queueBytes()), reconnection, connectivity);
        this.transactions = new OutboundStream(peer.name() + "/transactions", channel, WireMethods.FORWARD_TRANSACTIONS,
                new QueueLimits(options.batchQueueCapacity(), options.queueBytes()), reconnection, StreamListener.NONE);
        this.stub = PeerGrpc.newStub(channel);
    }

    void start() {
        consensus.start();
        transactions.start();
    }

    Validator peer() {
        return peer;
    }

    ManagedChannel channel() {
        return channel;
    }

    void sendConsensus(byte[] message) {
        consensus.offer(message);
    }

    void sendTransactions(byte[] batch) {
        transactions.offer(batch);
    }

    boolean connected() {
        return consensus.isOpen();
    }

    PeerStatus status() {
        return new PeerStatus(peer.id(), peer.name(), consensus.isOpen(), consensus.sent(), consensus.queued(),
                consensus.queuedBytes(), consensus.dropped(), transactions.sent(), transactions.dropped(),
                consensus.attempts(), connectivity.losses());
    }

    /** Half-closes both streams; the channel is shut down by the owner. */
    void closeStreams() {
        consensus.close();
        transactions.close();
    }

    /** Committed blocks from {@code fromHeight}; fails if the peer sends more than {@code max} or one does not decode. */
    CompletableFuture<List<CertifiedBlock>> fetchBlocks(long fromHeight, int max, Duration deadline) {
        CompletableFuture<List<CertifiedBlock>> result = new CompletableFuture<>();
        FetchBlocksRequest request = FetchBlocksRequest.newBuilder().setFromHeight(fromHeight).setMaxBlocks(max).build();
        stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS).fetchBlocks(request,
                new ClientResponseObserver<FetchBlocksRequest, io.meshledger.proto.v1.CertifiedBlock>() {
                    private final List<CertifiedBlock> blocks = new ArrayList<>();
                    private ClientCallStreamObserver<FetchBlocksRequest> call;

                    @Override
                    public void beforeStart(ClientCallStreamObserver<FetchBlocksRequest> stream) {
                        call = stream;
                    }

                    @Override
                    public void onNext(io.meshledger.proto.v1.CertifiedBlock block) {
                        if (result.isDone()) {
                            return;
                        }
                        try {
                            if (blocks.size() >= max) {
                                throw new MalformedMessageException("peer sent more than the " + max + " blocks asked");
                            }
                            blocks.add(ConsensusCodec.fromProto(block));
                        } catch (MalformedMessageException e) {
                            result.completeExceptionally(malformed(e));
                            call.cancel("malformed response", null);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(failure(t));
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(List.copyOf(blocks));
                    }
                });
        return result;
    }

    /** The proposal of block {@code blockHash}; fails if the peer answers with another block. */
    CompletableFuture<Optional<Proposal>> fetchProposal(Hash blockHash, Duration deadline) {
        CompletableFuture<Optional<Proposal>> result = new CompletableFuture<>();
        FetchBlockByHashRequest request = FetchBlockByHashRequest.newBuilder()
                .setBlockHash(UnsafeByteOperations.unsafeWrap(blockHash.unsafeArray())).build();
        stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS).fetchBlockByHash(request,
                new StreamObserver<>() {
                    @Override
                    public void onNext(FetchBlockByHashResponse response) {
                        try {
                            if (!response.getFound()) {
                                result.complete(Optional.empty());
                                return;
                            }
                            Proposal proposal = ConsensusCodec.fromProto(response.getProposal());
                            if (!proposal.block().hash().equals(blockHash)) {
                                throw new MalformedMessageException("asked for block " + blockHash.shortHex()
                                        + ", peer sent block " + proposal.block().hash().shortHex());
                            }
                            result.complete(Optional.of(proposal));
                        } catch (MalformedMessageException e) {
                            result.completeExceptionally(malformed(e));
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(failure(t));
                    }

                    @Override
                    public void onCompleted() {
                        result.completeExceptionally(new PeerRequestException(peer.id(), "MALFORMED_MESSAGE",
                                "no response", null));
                    }
                });
        return result;
    }

    private PeerRequestException malformed(MalformedMessageException e) {
        return new PeerRequestException(peer.id(), PeerErrors.MALFORMED_MESSAGE, e.reason(), e);
    }

    private PeerRequestException failure(Throwable t) {
        Status status = Status.fromThrowable(t);
        String reason = PeerErrors.reason(t).orElse(status.getCode().name());
        return new PeerRequestException(peer.id(), reason,
                status.getDescription() == null ? status.getCode().name() : status.getDescription(), t);
    }
}
