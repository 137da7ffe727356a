package io.meshledger.node.api;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.ConsistencyProof;
import io.meshledger.core.merkle.InclusionProof;
import io.meshledger.node.storage.CommittedTransaction;
import io.meshledger.node.storage.LedgerStore;
import io.meshledger.proto.v1.GetBlockRequest;
import io.meshledger.proto.v1.GetBlockResponse;
import io.meshledger.proto.v1.GetConsistencyProofRequest;
import io.meshledger.proto.v1.GetConsistencyProofResponse;
import io.meshledger.proto.v1.GetLedgerDigestRequest;
import io.meshledger.proto.v1.GetLedgerDigestResponse;
import io.meshledger.proto.v1.GetTransactionRequest;
import io.meshledger.proto.v1.GetTransactionResponse;
import io.meshledger.proto.v1.QueryGrpc;
import io.meshledger.contracts.Caller;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.node.execution.CallOutcome;
import io.meshledger.proto.v1.CallRequest;
import io.meshledger.proto.v1.CallResponse;
import io.meshledger.node.storage.StateStore;
import io.meshledger.proto.v1.GetHistoryRequest;
import io.meshledger.proto.v1.GetHistoryResponse;
import io.meshledger.proto.v1.GetStateRequest;
import io.meshledger.proto.v1.GetStateResponse;
import io.meshledger.proto.v1.ScanRequest;
import io.meshledger.proto.v1.ScanResponse;

import java.util.Optional;

/**
 * The {@code Query} service: blocks, transactions with receipts and inclusion
 * proofs, ledger digests, consistency proofs, and contract state (values,
 * history, scans). Errors carry a stable reason (see {@link ErrorStatus}).
 */
public final class QueryService extends QueryGrpc.QueryImplBase {
    private final LedgerStore store;
    private final StateStore state;
    private final StateReads stateReads;

    /** Runs a read-only contract call as an authenticated caller at a committed height. */
    @FunctionalInterface
    public interface ContractCalls {
        CallOutcome call(Caller caller, String contract, String method, byte[] args, long height, long timestampMs);
    }

    private final QueryAuthenticator authenticator;
    private final ContractCalls calls;
    private final ReadAccess access;
    private final ProofAssembler proofs;

    /**
     * @param access who may read restricted records; normally {@link #readAccess} over the same store and calls
     */
    public QueryService(LedgerStore store, StateStore state, String chainId, MembershipValidator members,
                        ContractCalls calls, ReadAccess access) {
        this.store = store;
        this.state = state;
        this.proofs = new ProofAssembler(store, state, chainId, members);
        this.access = access;
        this.stateReads = new StateReads(store, state, access, proofs);
        this.authenticator = new QueryAuthenticator(chainId, members, java.time.Clock.systemUTC());
        this.calls = calls;
    }

    /** The read rule of the publication contract, asked through {@code calls} at the tip. */
    public static ReadAccess readAccess(LedgerStore store, String chainId, MembershipValidator members,
                                        ContractCalls calls) {
        return new ContractReadAccess(store, new QueryAuthenticator(chainId, members, java.time.Clock.systemUTC()),
                calls);
    }

    /**
     * Runs a signed read-only call at a committed height (the tip by default). The contract decides what the
     * caller may read (restricted datasets need a read grant), so a refusal
     * arrives as the contract's failure code, e.g. PERMISSION_DENIED.
     */
    @Override
    public void call(CallRequest request, StreamObserver<CallResponse> response) {
        answer(response, () -> {
            long tip = store.tip().height();
            QueryAuthenticator.Authenticated q = authenticator.authenticate(request.getTransaction(), tip);
            if (request.getHeight() > tip) {
                throw ErrorStatus.of(Status.Code.OUT_OF_RANGE, ErrorStatus.NOT_FOUND, "height " + request.getHeight()
                        + " is above the tip " + tip);
            }
            long height = request.getHeight() == 0 ? tip : request.getHeight();
            long timestamp = store.header(height).map(h -> h.timestampMs()).orElse(0L);
            var body = q.query().decoded();
            CallOutcome outcome = calls.call(q.caller(), body.contract(), body.method(), body.args().toArray(),
                    height, timestamp);
            if (!outcome.succeeded()) {
                throw ErrorStatus.of(statusOf(outcome.failureCode()), outcome.failureCode(), outcome.failureMessage());
            }
            return CallResponse.newBuilder().setResult(com.google.protobuf.ByteString.copyFrom(outcome.result()))
                    .setHeight(height).build();
        });
    }

    private static Status.Code statusOf(String failureCode) {
        return switch (failureCode) {
            case "PERMISSION_DENIED" -> Status.Code.PERMISSION_DENIED;
            case "NOT_FOUND", "UNKNOWN_CONTRACT" -> Status.Code.NOT_FOUND;
            case "INVALID_ARGUMENT", "UNKNOWN_METHOD" -> Status.Code.INVALID_ARGUMENT;
            case "OUT_OF_GAS" -> Status.Code.RESOURCE_EXHAUSTED;
            default -> Status.Code.FAILED_PRECONDITION;
        };
    }

    @Override
    public void getState(GetStateRequest request, StreamObserver<GetStateResponse> response) {
        answer(response, () -> stateReads.get(request));
    }

    @Override
    public void getHistory(GetHistoryRequest request, StreamObserver<GetHistoryResponse> response) {
        answer(response, () -> stateReads.history(request));
    }

    @Override
    public void scan(ScanRequest request, StreamObserver<ScanResponse> response) {
        answer(response, () -> stateReads.scan(request));
    }

    /** Replies with the value, or with the typed error a read threw. */
    private static <T> void answer(StreamObserver<T> response, java.util.function.Supplier<T> read) {
        T value;
        try {
            value = read.get();
        } catch (io.grpc.StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        response.onNext(value);
        response.onCompleted();
    }

    @Override
    public void getBlock(GetBlockRequest request, StreamObserver<GetBlockResponse> response) {
        Optional<Block> block = switch (request.getSelectorCase()) {
            case HEIGHT -> store.block(request.getHeight());
            case HASH -> request.getHash().size() == Hash.LENGTH
                    ? store.blockByHash(Hash.of(request.getHash().toByteArray())) : Optional.empty();
            case SELECTOR_NOT_SET -> store.block(store.tip().height());
        };
        if (block.isEmpty()) {
            response.onError(notFound("no committed block " + (request.hasHash() ? "with that hash"
                    : "at height " + request.getHeight()) + " (tip is " + store.tip().height() + ")"));
            return;
        }
        Block b = block.get();
        GetBlockResponse.Builder out = GetBlockResponse.newBuilder().setBlock(b.toProto()).setBlockHash(ProtoBytes.of(b.hash()));
        if (request.getWithCertificate()) {
            store.certificate(b.height()).ifPresent(c -> out.setCertificate(c.toProto()));
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void getTransaction(GetTransactionRequest request, StreamObserver<GetTransactionResponse> response) {
        if (request.getTxId().size() != Hash.LENGTH) {
            response.onError(invalid("tx_id must be " + Hash.LENGTH + " bytes, got " + request.getTxId().size()));
            return;
        }
        Hash id = Hash.of(request.getTxId().toByteArray());
        Optional<CommittedTransaction> tx = store.transaction(id);
        if (tx.isEmpty()) {
            response.onError(notFound("transaction " + id.shortHex() + " is not committed"));
            return;
        }
        CommittedTransaction c = tx.get();
        Reader reader;
        try {
            reader = access.reader(request.getAuth());
        } catch (io.grpc.StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        if (!access.mayRead(reader, c.transaction())) {
            response.onError(ErrorStatus.of(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", StateReads.describe(reader)
                    + " may not read transaction " + id.shortHex() + ": it writes to a restricted dataset"));
            return;
        }
        GetTransactionResponse.Builder out = GetTransactionResponse.newBuilder()
                .setTransaction(c.transaction().toProto())
                .setLocation(ProtoBytes.location(c.location()));
        state.receipt(c.location().height(), c.location().index()).ifPresent(r -> out.setReceipt(r.toProto()));
        if (request.getWithProof()) {
            try {
                out.setProof(proofs.transaction(c));
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
                return;
            }
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void getLedgerDigest(GetLedgerDigestRequest request, StreamObserver<GetLedgerDigestResponse> response) {
        Optional<Long> height = request.getHeight() == 0 ? latestCertifiedHeight() : Optional.of(request.getHeight());
        Optional<LedgerCertificate> cert = height.flatMap(store::certificate);
        if (cert.isEmpty()) {
            response.onError(notFound("no ledger certificate " + (request.getHeight() == 0 ? "yet"
                    : "at height " + request.getHeight()) + " (tip is " + store.tip().height() + ")"));
            return;
        }
        LedgerCertificate c = cert.get();
        response.onNext(GetLedgerDigestResponse.newBuilder().setCertificate(c.toProto())
                .setBlockHash(ProtoBytes.of(c.digest().blockHash()))
                .setTxAccumulatorRoot(ProtoBytes.of(c.digest().txAccumulatorRoot()))
                .setTxCount(c.digest().txCount()).build());
        response.onCompleted();
    }

    @Override
    public void getConsistencyProof(GetConsistencyProofRequest request,
                                    StreamObserver<GetConsistencyProofResponse> response) {
        long tip = store.tip().height();
        long to = request.getToHeight() == 0 ? tip : request.getToHeight();
        long from = request.getFromHeight();
        if (from > to || to > tip) {
            response.onError(invalid("need from_height <= to_height <= tip, got " + from + ", " + to + " (tip " + tip + ")"));
            return;
        }
        ConsistencyProof proof = store.consistencyProof(from, to);
        GetConsistencyProofResponse.Builder out = GetConsistencyProofResponse.newBuilder()
                .setProof(io.meshledger.proto.v1.ConsistencyProof.newBuilder().setFirstSize(proof.firstSize())
                        .setSecondSize(proof.secondSize()).addAllPath(proof.path().stream().map(ProtoBytes::of).toList()));
        if (from > 0) {
            store.certificate(from).ifPresent(c -> out.setFromCertificate(c.toProto()));
        }
        store.certificate(to).ifPresent(c -> out.setToCertificate(c.toProto()));
        response.onNext(out.build());
        response.onCompleted();
    }

    private Optional<Long> latestCertifiedHeight() {
        return proofs.certifiedAtOrBelow(store.tip().height());
    }

    private static io.grpc.StatusRuntimeException notFound(String message) {
        return ErrorStatus.of(Status.Code.NOT_FOUND, ErrorStatus.NOT_FOUND, message);
    }

    private static io.grpc.StatusRuntimeException invalid(String message) {
        return ErrorStatus.of(Status.Code.INVALID_ARGUMENT, ErrorStatus.INVALID_ARGUMENT, message);
    }
}
