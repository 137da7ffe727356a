package io.meshledger.client;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.AdminGrpc;
import io.meshledger.proto.v1.GetBlockRequest;
import io.meshledger.proto.v1.GetBlockResponse;
import io.meshledger.proto.v1.GetTransactionRequest;
import io.meshledger.proto.v1.GetTransactionResponse;
import io.meshledger.proto.v1.LedgerGrpc;
import io.meshledger.proto.v1.QueryGrpc;
import io.meshledger.proto.v1.StatusRequest;
import io.meshledger.proto.v1.StatusResponse;
import io.meshledger.proto.v1.SubmitAndWaitRequest;
import io.meshledger.proto.v1.SubmitAndWaitResponse;
import io.meshledger.proto.v1.SubmitBatchRequest;
import io.meshledger.proto.v1.SubmitBatchResponse;
import io.meshledger.proto.v1.SubmitRequest;
import io.meshledger.proto.v1.SubmitResponse;
import io.meshledger.proto.v1.TransactionStatusRequest;
import io.meshledger.proto.v1.TransactionStatusResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A connection to a Meshledger network's client API, failing over between
 * nodes: a call that finds its node unavailable is retried on the next one.
 * Errors the node answers (a rejected transaction, a missing block) are not
 * retried: they carry a reason code ({@link #reasonOf}). Thread-safe.
 */
public final class LedgerClient implements AutoCloseable {
    private final List<Endpoint> endpoints;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final Duration timeout;
    private volatile int preferred;

    /** A node's client API address. */
    public record Endpoint(String host, int port) {
        public Endpoint {
            Objects.requireNonNull(host, "host");
        }

        public static Endpoint parse(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
            }
            return new Endpoint(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * @param endpoints nodes to use, the first preferred
     * @param timeout   deadline of each call
     */
    public LedgerClient(List<Endpoint> endpoints, Duration timeout) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint is needed");
        }
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        for (Endpoint e : this.endpoints) {
            // The client API is served on loopback in local networks; TLS for it arrives with read authorisation.
            channels.add(NettyChannelBuilder.forAddress(e.host(), e.port()).usePlaintext()
                    .maxInboundMessageSize(64 << 20).build());
        }
    }

    public SubmitResponse submit(SignedTransaction tx) {
        return call(ch -> LedgerGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .submit(SubmitRequest.newBuilder().setTransaction(tx.toProto()).build()));
    }

    public SubmitBatchResponse submitBatch(List<SignedTransaction> txs) {
        SubmitBatchRequest.Builder b = SubmitBatchRequest.newBuilder();
        txs.forEach(tx -> b.addTransactions(tx.toProto()));
        SubmitBatchRequest request = b.build();
        return call(ch -> LedgerGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .submitBatch(request));
    }

    /** Submits and returns once the transaction committed (or fails with reason TIMEOUT after {@code wait}). */
    public SubmitAndWaitResponse submitAndWait(SignedTransaction tx, Duration wait) {
        SubmitAndWaitRequest request = SubmitAndWaitRequest.newBuilder().setTransaction(tx.toProto())
                .setTimeoutMs((int) Math.min(Integer.MAX_VALUE, wait.toMillis())).build();
        return call(ch -> LedgerGrpc.newBlockingStub(ch)
                .withDeadlineAfter(wait.toMillis() + timeout.toMillis(), TimeUnit.MILLISECONDS).submitAndWait(request));
    }

    public TransactionStatusResponse transactionStatus(Hash txId) {
        return call(ch -> LedgerGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .getTransactionStatus(TransactionStatusRequest.newBuilder()
                        .setTxId(com.google.protobuf.ByteString.copyFrom(txId.unsafeArray())).build()));
    }

    public GetBlockResponse block(long height, boolean withCertificate) {
        return call(ch -> QueryGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .getBlock(GetBlockRequest.newBuilder().setHeight(height).setWithCertificate(withCertificate).build()));
    }

    public GetTransactionResponse transaction(Hash txId, boolean withProof) {
        return call(ch -> QueryGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .getTransaction(GetTransactionRequest.newBuilder()
                        .setTxId(com.google.protobuf.ByteString.copyFrom(txId.unsafeArray())).setWithProof(withProof).build()));
    }

    /** A transaction read with every option of the request (proof, read authorisation). */
    public GetTransactionResponse transaction(GetTransactionRequest request) {
        return call(ch -> QueryGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .getTransaction(request));
    }

    /** A state read with every option of the request (height, proof, read authorisation). */
    public io.meshledger.proto.v1.GetStateResponse state(io.meshledger.proto.v1.GetStateRequest request) {
        return call(ch -> QueryGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .getState(request));
    }

    /** A contract state value at {@code height} (0: the tip). */
    public io.meshledger.proto.v1.GetStateResponse state(String contract, byte[] key, long height, boolean withProof) {
        io.meshledger.proto.v1.GetStateRequest request = io.meshledger.proto.v1.GetStateRequest.newBuilder()
                .setContract(contract).setKey(com.google.protobuf.ByteString.copyFrom(key)).setHeight(height)
                .setWithProof(withProof).build();
        return call(ch -> QueryGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .getState(request));
    }

    /** Versions of a state key written at or above {@code fromHeight}, oldest first. */
    public io.meshledger.proto.v1.GetHistoryResponse history(String contract, byte[] key, long fromHeight, int limit) {
        io.meshledger.proto.v1.GetHistoryRequest request = io.meshledger.proto.v1.GetHistoryRequest.newBuilder()
                .setContract(contract).setKey(com.google.protobuf.ByteString.copyFrom(key)).setFromHeight(fromHeight)
                .setLimit(limit).build();
        return call(ch -> QueryGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .getHistory(request));
    }

    /** One page of present keys with {@code prefix} after {@code startAfter} (null: from the first). */
    public io.meshledger.proto.v1.ScanResponse scan(String contract, byte[] prefix, byte[] startAfter, int limit,
                                                     long height) {
        io.meshledger.proto.v1.ScanRequest.Builder b = io.meshledger.proto.v1.ScanRequest.newBuilder()
                .setContract(contract).setPrefix(com.google.protobuf.ByteString.copyFrom(prefix)).setLimit(limit)
                .setHeight(height);
        if (startAfter != null) {
            b.setStartAfter(com.google.protobuf.ByteString.copyFrom(startAfter));
        }
        io.meshledger.proto.v1.ScanRequest request = b.build();
        return call(ch -> QueryGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .scan(request));
    }

    /** Runs a signed read-only contract call (a transaction body that is never submitted) at the tip. */
    public io.meshledger.proto.v1.CallResponse call(SignedTransaction query) {
        io.meshledger.proto.v1.CallRequest request = io.meshledger.proto.v1.CallRequest.newBuilder()
                .setTransaction(query.toProto()).build();
        return call(ch -> QueryGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .call(request));
    }

    /** The status of the preferred reachable node. */
    public StatusResponse status() {
        return call(ch -> AdminGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .status(StatusRequest.getDefaultInstance()));
    }

    /** The status of endpoint {@code index} only, without failing over. */
    public StatusResponse statusOf(int index) {
        return AdminGrpc.newBlockingStub(channels.get(index)).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .status(StatusRequest.getDefaultInstance());
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /**
     * One line for an error from a call: {@code REASON: explanation} when a node
     * answered with a reason, the gRPC status otherwise; null if {@code error} is
     * not a call failure at all.
     */
    public static String describe(Throwable error) {
        return ErrorDetails.describe(error);
    }

    /** The stable reason code carried by an error from a node, or null for transport failures. */
    public static String reasonOf(Throwable error) {
        return ErrorDetails.reasonOf(error);
    }

    private <T> T call(Function<ManagedChannel, T> rpc) {
        StatusRuntimeException last = null;
        int start = preferred;
        for (int i = 0; i < channels.size(); i++) {
            int index = (start + i) % channels.size();
            try {
                T result = rpc.apply(channels.get(index));
                preferred = index;
                return result;
            } catch (StatusRuntimeException e) {
                if (!failover(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /** Transport-level failures move to the next node; answers from a node do not. */
    private static boolean failover(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        return (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) && reasonOf(e) == null;
    }

    @Override
    public void close() {
        for (ManagedChannel ch : channels) {
            ch.shutdownNow();
        }
        for (ManagedChannel ch : channels) {
            try {
                ch.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
