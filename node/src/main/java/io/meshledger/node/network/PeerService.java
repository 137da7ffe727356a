package io.meshledger.node.network;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.peer.v1.Ack;
import io.meshledger.proto.peer.v1.FetchBlockByHashRequest;
import io.meshledger.proto.peer.v1.FetchBlockByHashResponse;
import io.meshledger.proto.peer.v1.FetchBlocksRequest;
import io.meshledger.proto.peer.v1.PeerGrpc;
import io.meshledger.proto.peer.v1.TransactionBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@code meshledger.peer.v1.Peer} service. The streaming handlers run on
 * the transport thread ({@code directExecutor}): they only decode and hand
 * values to the {@link PeerInbox}, which only enqueues. Fetches go to a small
 * bounded pool, because the {@link BlockSource} may read from disk.
 */
final class PeerService {
    private static final Logger log = LoggerFactory.getLogger(PeerService.class);

    /** What a refused stream's remaining messages go to: the call is already closed. */
    private static final StreamObserver<byte[]> IGNORED = new StreamObserver<>() {
        @Override
        public void onNext(byte[] value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    };

    private final ByteString self;
    private final PeerInbox inbox;
    private final BlockSource blocks;
    private final MisbehaviourTracker misbehaviour;
    private final Executor fetchExecutor;
    private final int maxFetchBlocks;

    /** @param self this node's identity, to see whether a forwarded batch names it as a co-verifier */
    PeerService(IdentityId self, PeerInbox inbox, BlockSource blocks, MisbehaviourTracker misbehaviour,
                Executor fetchExecutor, int maxFetchBlocks) {
        this.self = ByteString.copyFrom(self.toBytes().unsafeArray());
        this.inbox = inbox;
        this.blocks = blocks;
        this.misbehaviour = misbehaviour;
        this.fetchExecutor = fetchExecutor;
        this.maxFetchBlocks = maxFetchBlocks;
    }

    ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(PeerGrpc.SERVICE_NAME)
                .addMethod(WireMethods.CONSENSUS, ServerCalls.asyncClientStreamingCall(
                        response -> open("Consensus", response, this::consensus)))
                .addMethod(WireMethods.FORWARD_TRANSACTIONS, ServerCalls.asyncClientStreamingCall(
                        response -> open("ForwardTransactions", response, this::transactions)))
                .addMethod(PeerGrpc.getFetchBlocksMethod(), ServerCalls.asyncServerStreamingCall(this::fetchBlocks))
                .addMethod(PeerGrpc.getFetchBlockByHashMethod(), ServerCalls.asyncUnaryCall(this::fetchBlockByHash))
                .build();
    }

    private StreamObserver<byte[]> open(String method, StreamObserver<Ack> response, InboundStream.Handler handler) {
        IdentityId from = PeerAuthInterceptor.PEER.get();
        if (misbehaviour.isCutOff(from)) {
            response.onError(PeerErrors.exception(Status.PERMISSION_DENIED, PeerErrors.PEER_CUT_OFF,
                    "cut off for malformed messages"));
            return IGNORED;
        }
        return new InboundStream(method, from, response, misbehaviour, handler);
    }

    private void consensus(IdentityId from, byte[] message) throws MalformedMessageException {
        io.meshledger.proto.v1.ConsensusMessage p = ConsensusCodec.parse(message);
        if (p.hasDigestSignature()) {
            inbox.onDigestSignature(from, ConsensusCodec.fromProto(p.getDigestSignature()));
        } else {
            inbox.onConsensusMessage(from, ConsensusCodec.fromProto(p));
        }
    }

    private void transactions(IdentityId from, byte[] message) throws MalformedMessageException {
        TransactionBatch batch;
        try {
            batch = TransactionBatch.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("transaction batch is not valid protobuf: " + e.getMessage(), e);
        }
        ByteString vouches = batch.getVouches();
        if (vouches.size() % Hash.LENGTH != 0) {
            throw new MalformedMessageException("vouches are " + vouches.size() + " bytes, not a multiple of "
                    + Hash.LENGTH);
        }
        if (!vouches.isEmpty()) {
            List<Hash> signedIds = new ArrayList<>(vouches.size() / Hash.LENGTH);
            for (int i = 0; i < vouches.size(); i += Hash.LENGTH) {
                signedIds.add(Hash.of(vouches.substring(i, i + Hash.LENGTH).toByteArray()));
            }
            inbox.onVouches(from, signedIds);
        }
        if (batch.getTransactionsCount() == 0) {
            return;
        }
        List<SignedTransaction> txs = new ArrayList<>(batch.getTransactionsCount());
        for (var tx : batch.getTransactionsList()) {
            try {
                txs.add(SignedTransaction.fromProto(tx));
            } catch (DecodingException | IllegalArgumentException e) {
                throw new MalformedMessageException("forwarded transaction: " + e.getMessage(), e);
            }
        }
        inbox.onTransactions(from, txs, batch.getCoVerifiersList().contains(self));
    }

    private void fetchBlocks(FetchBlocksRequest request, StreamObserver<io.meshledger.proto.v1.CertifiedBlock> out) {
        ServerCallStreamObserver<io.meshledger.proto.v1.CertifiedBlock> call =
                (ServerCallStreamObserver<io.meshledger.proto.v1.CertifiedBlock>) out;
        call.setOnCancelHandler(() -> { });
        int max = Math.min(request.getMaxBlocks(), maxFetchBlocks);
        if (max <= 0) {
            call.onCompleted();
            return;
        }
        submit(call, () -> {
            List<CertifiedBlock> found = blocks.blocks(request.getFromHeight(), max);
            for (int i = 0; i < found.size() && i < max && !call.isCancelled(); i++) {
                call.onNext(ConsensusCodec.toProto(found.get(i)));
            }
            if (!call.isCancelled()) {
                call.onCompleted();
            }
        });
    }

    private void fetchBlockByHash(FetchBlockByHashRequest request, StreamObserver<FetchBlockByHashResponse> out) {
        ServerCallStreamObserver<FetchBlockByHashResponse> call = (ServerCallStreamObserver<FetchBlockByHashResponse>) out;
        call.setOnCancelHandler(() -> { });
        if (request.getBlockHash().size() != Hash.LENGTH) {
            call.onError(PeerErrors.exception(Status.INVALID_ARGUMENT, PeerErrors.MALFORMED_MESSAGE,
                    "block hash must be " + Hash.LENGTH + " bytes, got " + request.getBlockHash().size()));
            return;
        }
        Hash hash = Hash.of(request.getBlockHash().toByteArray());
        submit(call, () -> {
            var response = FetchBlockByHashResponse.newBuilder();
            blocks.proposal(hash).ifPresent(p -> response.setFound(true).setProposal(ConsensusCodec.toProto(p)));
            if (!call.isCancelled()) {
                call.onNext(response.build());
                call.onCompleted();
            }
        });
    }

    /** Runs a fetch on the pool; a full pool refuses with {@code RESOURCE_EXHAUSTED}, a failing source with {@code UNAVAILABLE}. */
    private void submit(ServerCallStreamObserver<?> call, Runnable fetch) {
        try {
            fetchExecutor.execute(() -> {
                try {
                    fetch.run();
                } catch (RuntimeException e) {
                    log.error("block source failed serving a peer fetch", e);
                    if (!call.isCancelled()) {
                        call.onError(PeerErrors.exception(Status.UNAVAILABLE, PeerErrors.UNAVAILABLE,
                                "block source failed: " + e.getMessage()));
                    }
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            call.onError(PeerErrors.exception(Status.RESOURCE_EXHAUSTED, PeerErrors.BUSY, "too many block fetches"));
        }
    }
}
