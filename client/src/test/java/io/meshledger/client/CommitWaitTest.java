package io.meshledger.client;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.LedgerGrpc;
import io.meshledger.proto.v1.SubmitAndWaitRequest;
import io.meshledger.proto.v1.SubmitAndWaitResponse;
import io.meshledger.proto.v1.TransactionLocation;
import io.meshledger.proto.v1.TransactionState;
import io.meshledger.proto.v1.TransactionStatusRequest;
import io.meshledger.proto.v1.TransactionStatusResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Submit-and-wait after a lost connection, against real gRPC servers on
 * 127.0.0.1 that play nodes: the client must ask another node for the
 * transaction's status before sending it again, and never guess.
 */
class CommitWaitTest {
    private final List<Server> servers = new ArrayList<>();
    private final List<LedgerClient> clients = new ArrayList<>();
    private final List<Socket> reserved = new ArrayList<>();

    /** A node that records what it was asked and answers as told. */
    static class FakeNode extends LedgerGrpc.LedgerImplBase {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<ByteString> submittedBodies = new CopyOnWriteArrayList<>();
        final CountDownLatch submitted = new CountDownLatch(1);
        volatile TransactionState state = TransactionState.UNKNOWN;
        volatile String rejectReason = "";
        /** Whether SubmitAndWait answers (with a commit at height 5) or never does. */
        volatile boolean commits = true;

        @Override
        public void submitAndWait(SubmitAndWaitRequest request, StreamObserver<SubmitAndWaitResponse> response) {
            calls.add("submitAndWait");
            submittedBodies.add(request.getTransaction().getBody());
            submitted.countDown();
            if (!commits) {
                return;
            }
            SignedTransaction tx = SignedTransaction.fromProto(request.getTransaction());
            response.onNext(SubmitAndWaitResponse.newBuilder().setTxId(ByteString.copyFrom(tx.id().unsafeArray()))
                    .setLocation(TransactionLocation.newBuilder().setHeight(5).setIndex(2))
                    .setReceipt(Receipt.success(tx.id(), 5, 2, List.of(), 10, Bytes.EMPTY).toProto()).build());
            response.onCompleted();
        }

        @Override
        public void getTransactionStatus(TransactionStatusRequest request,
                                         StreamObserver<TransactionStatusResponse> response) {
            calls.add("status:" + state);
            response.onNext(TransactionStatusResponse.newBuilder().setTxId(request.getTxId()).setState(state)
                    .setReason(rejectReason).build());
            response.onCompleted();
        }
    }

    @AfterEach
    void stop() throws InterruptedException, IOException {
        clients.forEach(LedgerClient::close);
        for (Server s : servers) {
            s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (Socket s : reserved) {
            s.close();
        }
    }

    Server serve(FakeNode node) throws IOException {
        Server s = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(node).build().start();
        servers.add(s);
        return s;
    }

    LedgerClient client(int... ports) {
        List<LedgerClient.Endpoint> endpoints = new ArrayList<>();
        for (int p : ports) {
            endpoints.add(new LedgerClient.Endpoint("127.0.0.1", p));
        }
        LedgerClient c = new LedgerClient(endpoints, Duration.ofMillis(500));
        clients.add(c);
        return c;
    }

    static SignedTransaction tx() throws Exception {
        ClientIdentity id = TransactionFactoryTest.newIdentity(SigningKey.generate(SignatureAlgorithm.ED25519,
                new SecureRandom()));
        return new TransactionFactory("c1", id, new SecureRandom()).create("publication", "publish", new byte[] {1}, 50);
    }

    /**
     * A port that refuses connections for the whole test: bound but never
     * listening. Releasing it instead would let the next server started on
     * port 0 be given the same port, and the "down" node would answer.
     */
    int closedPort() throws IOException {
        Socket held = new Socket();
        reserved.add(held);
        held.bind(new InetSocketAddress("127.0.0.1", 0));
        return held.getLocalPort();
    }

    @Test
    void aConnectionLostMidWaitIsResolvedByAskingAnotherNodeWhichReportsTheCommit() throws Exception {
        FakeNode first = new FakeNode();
        first.commits = false;
        Server firstServer = serve(first);
        FakeNode second = new FakeNode();
        second.state = TransactionState.COMMITTED;
        LedgerClient client = client(firstServer.getPort(), serve(second).getPort());
        SignedTransaction tx = tx();

        Thread cut = new Thread(() -> {
            try {
                first.submitted.await(10, TimeUnit.SECONDS);
                firstServer.shutdownNow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        cut.start();
        SubmitAndWaitResponse r = client.submitAndWait(tx, Duration.ofSeconds(20));
        cut.join();

        assertEquals(5, r.getLocation().getHeight());
        assertEquals(List.of("submitAndWait"), first.calls);
        assertEquals(List.of("status:COMMITTED", "submitAndWait"), second.calls,
                "the status is asked before the same bytes are sent again");
        assertEquals(List.of(tx.body().toArray().length), second.submittedBodies.stream().map(ByteString::size).toList());
        assertEquals(ByteString.copyFrom(tx.body().unsafeArray()), second.submittedBodies.get(0));
    }

    @Test
    void whenThePreferredNodeIsDownTheSameSignedBytesGoToANodeThatDoesNotKnowThem() throws Exception {
        FakeNode second = new FakeNode();
        LedgerClient client = client(closedPort(), serve(second).getPort());
        SignedTransaction tx = tx();

        SubmitAndWaitResponse r = client.submitAndWait(tx, Duration.ofSeconds(20));

        assertEquals(ByteString.copyFrom(tx.id().unsafeArray()), r.getTxId());
        assertEquals(List.of("status:UNKNOWN", "submitAndWait"), second.calls);
        assertEquals(ByteString.copyFrom(tx.body().unsafeArray()), second.submittedBodies.get(0));
    }

    @Test
    void aRejectionReportedByTheOtherNodeIsFinalAndNotResubmitted() throws Exception {
        FakeNode second = new FakeNode();
        second.state = TransactionState.REJECTED;
        second.rejectReason = "EXPIRED";
        LedgerClient client = client(closedPort(), serve(second).getPort());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.submitAndWait(tx(), Duration.ofSeconds(20)));

        assertEquals("EXPIRED", LedgerClient.reasonOf(e));
        assertEquals(List.of("status:REJECTED"), second.calls);
    }

    @Test
    void withNoCommitReportedTheWaitEndsWithReasonTimeoutAndTheLastStateSeen() throws Exception {
        FakeNode only = new FakeNode();
        only.commits = false;
        only.state = TransactionState.PENDING;
        LedgerClient client = client(serve(only).getPort());
        long start = System.nanoTime();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.submitAndWait(tx(), Duration.ofSeconds(1)));

        assertEquals("TIMEOUT", LedgerClient.reasonOf(e));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("PENDING"), e.getStatus().getDescription());
        assertTrue(only.calls.contains("status:PENDING"), "the node was asked after its wait ran out: " + only.calls);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    }
}
