package io.meshledger.client;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.AdminGrpc;
import io.meshledger.proto.v1.CallRequest;
import io.meshledger.proto.v1.CallResponse;
import io.meshledger.proto.v1.GetBlockRequest;
import io.meshledger.proto.v1.GetBlockResponse;
import io.meshledger.proto.v1.GetConsistencyProofRequest;
import io.meshledger.proto.v1.GetConsistencyProofResponse;
import io.meshledger.proto.v1.GetHistoryRequest;
import io.meshledger.proto.v1.GetHistoryResponse;
import io.meshledger.proto.v1.GetLedgerDigestRequest;
import io.meshledger.proto.v1.GetLedgerDigestResponse;
import io.meshledger.proto.v1.GetStateRequest;
import io.meshledger.proto.v1.GetStateResponse;
import io.meshledger.proto.v1.GetTransactionRequest;
import io.meshledger.proto.v1.GetTransactionResponse;
import io.meshledger.proto.v1.LedgerGrpc;
import io.meshledger.proto.v1.QueryGrpc;
import io.meshledger.proto.v1.ScanRequest;
import io.meshledger.proto.v1.ScanResponse;
import io.meshledger.proto.v1.StatusRequest;
import io.meshledger.proto.v1.StatusResponse;
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
 * nodes: a call that finds its node unreachable (UNAVAILABLE, or a deadline
 * passed without an answer) is retried on the next one. Errors a node answers
 * (a rejected transaction, a missing block) are not retried: they carry a
 * reason code ({@link #reasonOf}). {@link #submitAndWait} goes further: when
 * the connection is lost mid-way it asks the other nodes for the
 * transaction's status instead of guessing. This is the wire-level client,
 * speaking the protobuf messages of {@code api.proto}; {@link MeshledgerClient}
 * builds typed reads and writes on it. Thread-safe.
 */
public final class LedgerClient implements AutoCloseable {
    private final List<Endpoint> endpoints;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final Duration timeout;
    private volatile int preferred;

    /**
     * A node's client API address.
     *
     * @param host host name or IP address
     * @param port TCP port
     */
    public record Endpoint(String host, int port) {
        /** Refuses an empty host and ports outside [1, 65535]. */
        public Endpoint {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be in [1, 65535], got " + port);
            }
        }

        /** Parses {@code host:port}. */
        public static Endpoint parse(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1) {
                throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
            }
            try {
                return new Endpoint(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port is not a number in '" + hostPort + "'");
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * A client of {@code endpoints}; channels connect lazily, on first use.
     *
     * @param endpoints nodes to use, the first preferred
     * @param timeout   deadline of each call (a commit wait adds its own wait to it)
     */
    public LedgerClient(List<Endpoint> endpoints, Duration timeout) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint is needed");
        }
        this.endpoints = List.copyOf(endpoints);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        for (Endpoint e : this.endpoints) {
            // The client API is served on loopback in local networks; TLS for it arrives with read authorisation.
            channels.add(NettyChannelBuilder.forAddress(e.host(), e.port()).usePlaintext()
                    .maxInboundMessageSize(64 << 20).build());
        }
    }

    /** Hands a transaction to a node's mempool; returns at once with its id and state. */
    public SubmitResponse submit(SignedTransaction tx) {
        SubmitRequest request = SubmitRequest.newBuilder().setTransaction(tx.toProto()).build();
        return call(ch -> ledger(ch).submit(request));
    }

    /** Hands several transactions to one node; each gets its own outcome. */
    public SubmitBatchResponse submitBatch(List<SignedTransaction> txs) {
        SubmitBatchRequest.Builder b = SubmitBatchRequest.newBuilder();
        txs.forEach(tx -> b.addTransactions(tx.toProto()));
        SubmitBatchRequest request = b.build();
        return call(ch -> ledger(ch).submitBatch(request));
    }

    /**
     * Submits and returns once the transaction committed, with its location and
     * receipt. If the node cannot be reached or the connection is lost before it
     * answers, the other nodes are asked for the transaction's status and the
     * same signed bytes are resubmitted where it is unknown or still pending
     * (safe: the id is the same, so it commits at most once).
     *
     * @throws StatusRuntimeException a node's refusal with its reason code, or
     *         {@code DEADLINE_EXCEEDED} with reason {@code TIMEOUT} when no node
     *         reported the commit within {@code wait} (the transaction may still commit)
     */
    public SubmitAndWaitResponse submitAndWait(SignedTransaction tx, Duration wait) {
        return new CommitWait(this, tx, wait).run();
    }

    /** Where a transaction stands on the first reachable node: unknown, pending, committed or rejected. */
    public TransactionStatusResponse transactionStatus(Hash txId) {
        return call(ch -> transactionStatus(ch, txId));
    }

    /** A committed block by height, with its ledger certificate if asked for and present. */
    public GetBlockResponse block(long height, boolean withCertificate) {
        return block(GetBlockRequest.newBuilder().setHeight(height).setWithCertificate(withCertificate).build());
    }

    /** A committed block selected by height or hash (neither: the tip). */
    public GetBlockResponse block(GetBlockRequest request) {
        return call(ch -> query(ch).getBlock(request));
    }

    /** A committed transaction with its location and receipt, read anonymously. */
    public GetTransactionResponse transaction(Hash txId, boolean withProof) {
        return transaction(GetTransactionRequest.newBuilder().setTxId(bytes(txId.unsafeArray()))
                .setWithProof(withProof).build());
    }

    /** A committed transaction; the request may carry a signed read authorisation. */
    public GetTransactionResponse transaction(GetTransactionRequest request) {
        return call(ch -> query(ch).getTransaction(request));
    }

    /** A contract state value at {@code height} (0: the tip), read anonymously. */
    public GetStateResponse state(String contract, byte[] key, long height, boolean withProof) {
        return state(GetStateRequest.newBuilder().setContract(contract).setKey(bytes(key)).setHeight(height)
                .setWithProof(withProof).build());
    }

    /** A contract state value; the request may carry a signed read authorisation. */
    public GetStateResponse state(GetStateRequest request) {
        return call(ch -> query(ch).getState(request));
    }

    /** Versions of a state key written at or above {@code fromHeight}, oldest first, read anonymously. */
    public GetHistoryResponse history(String contract, byte[] key, long fromHeight, int limit) {
        return history(GetHistoryRequest.newBuilder().setContract(contract).setKey(bytes(key))
                .setFromHeight(fromHeight).setLimit(limit).build());
    }

    /** One page of a key's versions; the request may carry a signed read authorisation. */
    public GetHistoryResponse history(GetHistoryRequest request) {
        return call(ch -> query(ch).getHistory(request));
    }

    /** One page of present keys with {@code prefix} after {@code startAfter} (null: from the first), read anonymously. */
    public ScanResponse scan(String contract, byte[] prefix, byte[] startAfter, int limit, long height) {
        ScanRequest.Builder b = ScanRequest.newBuilder().setContract(contract).setPrefix(bytes(prefix)).setLimit(limit)
                .setHeight(height);
        if (startAfter != null) {
            b.setStartAfter(bytes(startAfter));
        }
        return scan(b.build());
    }

    /** One page of a prefix scan; the request may carry a signed read authorisation. */
    public ScanResponse scan(ScanRequest request) {
        return call(ch -> query(ch).scan(request));
    }

    /** The ledger certificate and roots at a height (0: the latest certified one). */
    public GetLedgerDigestResponse ledgerDigest(long height) {
        GetLedgerDigestRequest request = GetLedgerDigestRequest.newBuilder().setHeight(height).build();
        return call(ch -> query(ch).getLedgerDigest(request));
    }

    /** A proof that the ledger at {@code toHeight} (0: the tip) extends the ledger at {@code fromHeight}. */
    public GetConsistencyProofResponse consistencyProof(long fromHeight, long toHeight) {
        GetConsistencyProofRequest request = GetConsistencyProofRequest.newBuilder().setFromHeight(fromHeight)
                .setToHeight(toHeight).build();
        return call(ch -> query(ch).getConsistencyProof(request));
    }

    /** Runs a signed read-only contract call (a transaction body that is never submitted) at the tip. */
    public CallResponse call(SignedTransaction query) {
        return call(query, 0);
    }

    /** Runs a signed read-only contract call over the committed state at {@code height} (0: the tip). */
    public CallResponse call(SignedTransaction query, long height) {
        CallRequest request = CallRequest.newBuilder().setTransaction(query.toProto()).setHeight(height).build();
        return call(ch -> query(ch).call(request));
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

    /** The nodes this client uses, the first preferred. */
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

    // ------------------------------------------------------------ for CommitWait

    int size() {
        return channels.size();
    }

    int preferred() {
        return preferred;
    }

    Duration timeout() {
        return timeout;
    }

    /** Runs {@code rpc} on node {@code index} only; a success makes it the preferred node. */
    <T> T callOn(int index, Function<ManagedChannel, T> rpc) {
        T result = rpc.apply(channels.get(index));
        preferred = index;
        return result;
    }

    TransactionStatusResponse transactionStatus(ManagedChannel ch, Hash txId) {
        return ledger(ch).getTransactionStatus(TransactionStatusRequest.newBuilder()
                .setTxId(bytes(txId.unsafeArray())).build());
    }

    /**
     * Transport-level failures move to the next node: nothing answered, the
     * answer did not arrive in time, or the call was cut off (a node going away
     * mid-call resets the stream, which arrives as CANCELLED). Answers from a
     * node always carry a reason and are not retried; neither is a call this
     * thread's interruption cancelled.
     */
    static boolean isTransportFailure(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        boolean noAnswer = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.CANCELLED;
        return noAnswer && reasonOf(e) == null && !Thread.currentThread().isInterrupted();
    }

    // ------------------------------------------------------------------ internals

    private LedgerGrpc.LedgerBlockingStub ledger(ManagedChannel ch) {
        return LedgerGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private QueryGrpc.QueryBlockingStub query(ManagedChannel ch) {
        return QueryGrpc.newBlockingStub(ch).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ByteString bytes(byte[] b) {
        return ByteString.copyFrom(b);
    }

    private <T> T call(Function<ManagedChannel, T> rpc) {
        StatusRuntimeException last = null;
        int start = preferred;
        for (int i = 0; i < channels.size(); i++) {
            int index = (start + i) % channels.size();
            try {
                return callOn(index, rpc);
            } catch (StatusRuntimeException e) {
                if (!isTransportFailure(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
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
