package io.meshledger.client;

import com.google.protobuf.Any;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.ErrorDetail;
import io.meshledger.proto.v1.LedgerGrpc;
import io.meshledger.proto.v1.SubmitAndWaitRequest;
import io.meshledger.proto.v1.SubmitAndWaitResponse;
import io.meshledger.proto.v1.TransactionState;
import io.meshledger.proto.v1.TransactionStatusResponse;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One submit-and-wait that survives lost connections. The rule: a call that
 * got no answer proves nothing about the transaction, so before sending it
 * again the client asks a node where it stands. COMMITTED: the node answers
 * the (duplicate) resubmission at once from its store, with the receipt.
 * PENDING or UNKNOWN: the same signed bytes are resubmitted there and waited
 * for; the id is the same, so the transaction commits at most once. REJECTED:
 * the node's reason is final. Only an answer from a node ends the wait early;
 * when the wait runs out the caller gets reason TIMEOUT, as from a node.
 */
final class CommitWait {
    private static final Duration ROUND_PAUSE = Duration.ofMillis(200);

    private final LedgerClient client;
    private final SignedTransaction tx;
    private final long deadlineNanos;
    private String lastState = "no node reachable";

    CommitWait(LedgerClient client, SignedTransaction tx, Duration wait) {
        this.client = client;
        this.tx = tx;
        this.deadlineNanos = System.nanoTime() + wait.toNanos();
    }

    SubmitAndWaitResponse run() {
        int first = client.preferred();
        try {
            return client.callOn(first, this::submitAndWait);
        } catch (StatusRuntimeException e) {
            if (!LedgerClient.isTransportFailure(e)) {
                throw e;
            }
            lastState = "node " + client.endpoints().get(first) + " did not answer (" + e.getStatus().getCode() + ")";
        }
        // Ask the others first: the node that lost the connection is asked last.
        int n = client.size();
        do {
            for (int i = 1; i <= n; i++) {
                int index = (first + i) % n;
                SubmitAndWaitResponse done = tryNode(index);
                if (done != null) {
                    return done;
                }
            }
            if (remaining().isPositive()) {
                pause();
            }
        } while (remaining().isPositive());
        throw timeout();
    }

    /** The committed answer from node {@code index}, or null if it could not give one in time. */
    private SubmitAndWaitResponse tryNode(int index) {
        try {
            TransactionStatusResponse status = client.callOn(index, ch -> client.transactionStatus(ch, tx.id()));
            lastState = status.getState().name() + " on " + client.endpoints().get(index);
            if (status.getState() == TransactionState.REJECTED) {
                throw refused(Status.Code.FAILED_PRECONDITION, status.getReason(), "node "
                        + client.endpoints().get(index) + " rejected transaction " + tx.id().toHex());
            }
            if (status.getState() != TransactionState.COMMITTED && !remaining().isPositive()) {
                return null;
            }
            return client.callOn(index, this::submitAndWait);
        } catch (StatusRuntimeException e) {
            if (LedgerClient.isTransportFailure(e)) {
                return null;
            }
            throw e;
        }
    }

    private SubmitAndWaitResponse submitAndWait(ManagedChannel ch) {
        long waitMs = Math.max(1, remaining().toMillis());
        SubmitAndWaitRequest request = SubmitAndWaitRequest.newBuilder().setTransaction(tx.toProto())
                .setTimeoutMs((int) Math.min(Integer.MAX_VALUE, waitMs)).build();
        return LedgerGrpc.newBlockingStub(ch)
                .withDeadlineAfter(waitMs + client.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .submitAndWait(request);
    }

    private Duration remaining() {
        return Duration.ofNanos(deadlineNanos - System.nanoTime());
    }

    private StatusRuntimeException timeout() {
        return refused(Status.Code.DEADLINE_EXCEEDED, "TIMEOUT", "transaction " + tx.id().toHex()
                + " not known to be committed when the wait ran out (last seen: " + lastState
                + "); it may still commit: ask GetTransactionStatus");
    }

    private static StatusRuntimeException refused(Status.Code code, String reason, String message) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(ErrorDetail.newBuilder().setReason(reason).setMessage(message).build()))
                .build());
    }

    private static void pause() {
        try {
            Thread.sleep(ROUND_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatusRuntimeException(Status.CANCELLED.withDescription("interrupted while waiting for a commit"));
        }
    }
}
