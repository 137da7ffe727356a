package io.meshledger.node.api;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.mempool.Admission;
import io.meshledger.node.mempool.AdmissionResult;
import io.meshledger.node.mempool.Mempool;
import io.meshledger.node.mempool.RejectReason;
import io.meshledger.node.storage.CommittedTransaction;
import io.meshledger.node.storage.LedgerStore;
import io.meshledger.node.storage.StateStore;
import io.meshledger.node.storage.TransactionLocation;
import io.meshledger.proto.v1.LedgerGrpc;
import io.meshledger.proto.v1.SubmitAndWaitRequest;
import io.meshledger.proto.v1.SubmitAndWaitResponse;
import io.meshledger.proto.v1.SubmitBatchRequest;
import io.meshledger.proto.v1.SubmitBatchResponse;
import io.meshledger.proto.v1.SubmitOutcome;
import io.meshledger.proto.v1.SubmitRequest;
import io.meshledger.proto.v1.SubmitResponse;
import io.meshledger.proto.v1.Transaction;
import io.meshledger.proto.v1.TransactionState;
import io.meshledger.proto.v1.TransactionStatusRequest;
import io.meshledger.proto.v1.TransactionStatusResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@code Ledger} service: submission (single, batch, stream, and wait for
 * commit) and status. Submission is idempotent: resubmitting bytes that are
 * pending or committed answers with the same id and its state, not an error.
 * Handlers run on gRPC's executor; admission verifies signatures there, never
 * on the consensus thread.
 */
public final class LedgerService extends LedgerGrpc.LedgerImplBase {
    private static final int DEFAULT_WAIT_MS = 30_000;
    private static final int MAX_WAIT_MS = 300_000;

    private final Admission admission;
    private final Mempool mempool;
    private final LedgerStore store;
    private final StateStore state;
    private final CommitWaiters waiters;
    private final TransactionForwarder forwarder;
    private final ScheduledExecutorService timers;
    private final RecentRejections rejections = new RecentRejections(10_000);

    public LedgerService(Admission admission, Mempool mempool, LedgerStore store, StateStore state,
                         CommitWaiters waiters, TransactionForwarder forwarder, ScheduledExecutorService timers) {
        this.admission = admission;
        this.mempool = mempool;
        this.store = store;
        this.state = state;
        this.waiters = waiters;
        this.forwarder = forwarder;
        this.timers = timers;
    }

    @Override
    public void submit(SubmitRequest request, StreamObserver<SubmitResponse> response) {
        AdmissionResult r = admitAll(List.of(request.getTransaction())).get(0);
        switch (r) {
            case AdmissionResult.Accepted a -> {
                response.onNext(SubmitResponse.newBuilder().setTxId(ProtoBytes.of(a.txId()))
                        .setState(TransactionState.PENDING).build());
                response.onCompleted();
            }
            case AdmissionResult.Rejected rej when rej.reason() == RejectReason.DUPLICATE -> {
                Hash id = rej.id().orElseThrow();
                response.onNext(SubmitResponse.newBuilder().setTxId(ProtoBytes.of(id))
                        .setState(stateOf(id)).build());
                response.onCompleted();
            }
            case AdmissionResult.Rejected rej -> response.onError(ErrorStatus.rejected(rej.reason(), rej.message()));
        }
    }

    @Override
    public void submitBatch(SubmitBatchRequest request, StreamObserver<SubmitBatchResponse> response) {
        response.onNext(batchResponse(admitAll(request.getTransactionsList())));
        response.onCompleted();
    }

    @Override
    public StreamObserver<SubmitBatchRequest> submitStream(StreamObserver<SubmitBatchResponse> response) {
        return new StreamObserver<>() {
            @Override
            public void onNext(SubmitBatchRequest request) {
                response.onNext(batchResponse(admitAll(request.getTransactionsList())));
            }

            @Override
            public void onError(Throwable t) {
                // The client went away; nothing to answer.
            }

            @Override
            public void onCompleted() {
                response.onCompleted();
            }
        };
    }

    @Override
    public void submitAndWait(SubmitAndWaitRequest request, StreamObserver<SubmitAndWaitResponse> response) {
        AdmissionResult r = admitAll(List.of(request.getTransaction())).get(0);
        if (r instanceof AdmissionResult.Rejected rej && rej.reason() != RejectReason.DUPLICATE) {
            response.onError(ErrorStatus.rejected(rej.reason(), rej.message()));
            return;
        }
        Hash id = r.id().orElseThrow();
        Optional<CommittedTransaction> done = store.transaction(id);
        if (done.isPresent()) {
            answerCommitted(id, done.get().location(), response);
            return;
        }
        CompletableFuture<TransactionLocation> future = waiters.await(id);
        if (future == null) {
            response.onError(ErrorStatus.of(Status.Code.RESOURCE_EXHAUSTED, RejectReason.RESOURCE_EXHAUSTED.name(),
                    "too many clients are waiting for commits; poll GetTransactionStatus instead"));
            return;
        }
        // It may have committed between the check above and registering the waiter.
        store.transaction(id).ifPresent(c -> future.complete(c.location()));
        int waitMs = request.getTimeoutMs() == 0 ? DEFAULT_WAIT_MS : Math.min(request.getTimeoutMs(), MAX_WAIT_MS);
        var timeout = timers.schedule(() -> future.completeExceptionally(new java.util.concurrent.TimeoutException()),
                waitMs, TimeUnit.MILLISECONDS);
        future.whenComplete((location, error) -> {
            timeout.cancel(false);
            waiters.cancel(id, future);
            if (error != null) {
                response.onError(ErrorStatus.of(Status.Code.DEADLINE_EXCEEDED, ErrorStatus.TIMEOUT, "transaction "
                        + id.shortHex() + " not committed within " + waitMs + " ms; it may still commit: ask GetTransactionStatus"));
            } else {
                answerCommitted(id, location, response);
            }
        });
    }

    @Override
    public void getTransactionStatus(TransactionStatusRequest request, StreamObserver<TransactionStatusResponse> response) {
        if (request.getTxId().size() != Hash.LENGTH) {
            response.onError(ErrorStatus.of(Status.Code.INVALID_ARGUMENT, ErrorStatus.INVALID_ARGUMENT,
                    "tx_id must be " + Hash.LENGTH + " bytes, got " + request.getTxId().size()));
            return;
        }
        Hash id = Hash.of(request.getTxId().toByteArray());
        var b = TransactionStatusResponse.newBuilder().setTxId(request.getTxId());
        Optional<CommittedTransaction> committed = store.transaction(id);
        if (committed.isPresent()) {
            b.setState(TransactionState.COMMITTED).setLocation(ProtoBytes.location(committed.get().location()));
        } else if (mempool.contains(id)) {
            b.setState(TransactionState.PENDING);
        } else {
            Optional<AdmissionResult.Rejected> rejected = rejections.get(id);
            if (rejected.isPresent()) {
                b.setState(TransactionState.REJECTED).setReason(rejected.get().reason().name());
            } else {
                b.setState(TransactionState.UNKNOWN);
            }
        }
        response.onNext(b.build());
        response.onCompleted();
    }

    private void answerCommitted(Hash id, TransactionLocation location, StreamObserver<SubmitAndWaitResponse> response) {
        SubmitAndWaitResponse.Builder b = SubmitAndWaitResponse.newBuilder().setTxId(ProtoBytes.of(id))
                .setLocation(ProtoBytes.location(location));
        // Receipts are written in the same batch as the block, so a committed transaction has one.
        state.receipt(location.height(), location.index()).ifPresent(r -> b.setReceipt(r.toProto()));
        response.onNext(b.build());
        response.onCompleted();
    }

    private TransactionState stateOf(Hash id) {
        return store.containsTransaction(id) ? TransactionState.COMMITTED : TransactionState.PENDING;
    }

    private List<AdmissionResult> admitAll(List<Transaction> txs) {
        List<AdmissionResult> results = admission.admitMessages(txs);
        List<SignedTransaction> accepted = new ArrayList<>(results.size());
        for (AdmissionResult r : results) {
            switch (r) {
                case AdmissionResult.Accepted a -> accepted.add(a.transaction());
                case AdmissionResult.Rejected rej -> rejections.remember(rej);
            }
        }
        if (!accepted.isEmpty()) {
            forwarder.forward(accepted);
        }
        return results;
    }

    private SubmitBatchResponse batchResponse(List<AdmissionResult> results) {
        SubmitBatchResponse.Builder b = SubmitBatchResponse.newBuilder();
        for (AdmissionResult r : results) {
            SubmitOutcome.Builder o = SubmitOutcome.newBuilder();
            r.id().ifPresent(id -> o.setTxId(ProtoBytes.of(id)));
            switch (r) {
                case AdmissionResult.Accepted a -> o.setAccepted(true);
                case AdmissionResult.Rejected rej -> o.setAccepted(rej.reason() == RejectReason.DUPLICATE)
                        .setReason(rej.reason().name()).setMessage(rej.message());
            }
            b.addOutcomes(o);
        }
        return b.build();
    }
}
