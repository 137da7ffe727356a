package io.meshledger.node.api;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.BatchVerifier;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AccumulatorFrontier;
import io.meshledger.core.merkle.InclusionProof;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.mempool.Admission;
import io.meshledger.node.mempool.LedgerView;
import io.meshledger.node.mempool.Mempool;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.proto.v1.GetBlockRequest;
import io.meshledger.proto.v1.GetTransactionRequest;
import io.meshledger.proto.v1.LedgerGrpc;
import io.meshledger.proto.v1.QueryGrpc;
import io.meshledger.proto.v1.SubmitAndWaitRequest;
import io.meshledger.proto.v1.SubmitBatchRequest;
import io.meshledger.proto.v1.SubmitRequest;
import io.meshledger.proto.v1.TransactionState;
import io.meshledger.proto.v1.TransactionStatusRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client API over real gRPC on 127.0.0.1, with a real RocksDB store and real admission. */
class LedgerApiTest {
    @TempDir
    static Path netDir;
    static TestNetwork net;

    @TempDir
    Path dataDir;

    RocksLedgerStore store;
    Mempool mempool;
    CommitWaiters waiters;
    List<SignedTransaction> forwarded;
    ExecutorService workers;
    ScheduledExecutorService timers;
    Server server;
    ManagedChannel channel;
    LedgerGrpc.LedgerBlockingStub ledger;
    QueryGrpc.QueryBlockingStub query;

    @BeforeAll
    static void network() {
        net = TestNetwork.create(netDir, 2, 4);
    }

    @BeforeEach
    void start() throws Exception {
        store = RocksLedgerStore.open(dataDir.resolve("db"));
        mempool = new Mempool(1000, 1 << 24);
        waiters = new CommitWaiters(100);
        forwarded = new ArrayList<>();
        workers = Executors.newFixedThreadPool(2);
        timers = Executors.newSingleThreadScheduledExecutor();
        LedgerView view = new LedgerView() {
            @Override
            public long committedHeight() {
                return store.tip().height();
            }

            @Override
            public boolean isCommitted(Hash txId) {
                return store.containsTransaction(txId);
            }
        };
        Admission admission = new Admission(net.genesis().chainId(), net.genesis().limits(),
                net.genesis().membershipValidator(100), new BatchVerifier(workers, 2), view, mempool, Clock.systemUTC());
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new LedgerService(admission, mempool, store, store, waiters,
                        txs -> {
                            synchronized (forwarded) {
                                forwarded.addAll(txs);
                            }
                        }, timers))
                .addService(queryService(store, net))
                .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        ledger = LedgerGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        query = QueryGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static QueryService queryService(io.meshledger.node.storage.RocksLedgerStore store, TestNetwork net) {
        var members = net.genesis().membershipValidator(100);
        var executor = io.meshledger.node.execution.BlockExecutor.create(net.genesis().chainId(), store,
                io.meshledger.contracts.SystemContracts.create(
                        io.meshledger.contracts.publication.PublicationLimits.DEFAULT),
                members, io.meshledger.node.execution.ExecutionLimits.DEFAULT);
        return new QueryService(store, store, net.genesis().chainId(), members, executor::call,
                QueryService.readAccess(store, net.genesis().chainId(), members, executor::call));
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        workers.shutdownNow();
        timers.shutdownNow();
        store.close();
    }

    SignedTransaction tx() {
        return net.transaction(net.user("org1", "publisher"), 200, 100);
    }

    static ByteString id(SignedTransaction tx) {
        return ByteString.copyFrom(tx.id().unsafeArray());
    }

    /** Commits {@code txs} as the next block, as the commit path would, and tells the waiters. */
    Block commit(List<SignedTransaction> txs) {
        AccumulatorFrontier frontier = store.frontier();
        List<Hash> ids = txs.stream().map(SignedTransaction::id).toList();
        AccumulatorFrontier after = frontier.append(ids.stream().map(i -> MerkleAccumulator.leafHash(i.unsafeArray())).toList());
        long height = store.tip().height() + 1;
        Block block = Block.create(new BlockHeader(net.genesis().chainId(), 0, height, height, store.tip().hash(),
                MerkleAccumulator.rootOf(ids), after.root(), after.size(), System.currentTimeMillis(),
                Bytes.wrap(new byte[32])), txs);
        store.append(block, null);
        mempool.removeCommitted(ids);
        waiters.committed(block, frontier.size());
        return block;
    }

    @Test
    void aSubmittedTransactionIsPendingAndForwardedToPeers() {
        SignedTransaction tx = tx();
        var r = ledger.submit(SubmitRequest.newBuilder().setTransaction(tx.toProto()).build());
        assertEquals(id(tx), r.getTxId());
        assertEquals(TransactionState.PENDING, r.getState());
        assertEquals(List.of(tx.id()), forwarded.stream().map(SignedTransaction::id).toList());
        assertEquals(TransactionState.PENDING, ledger.getTransactionStatus(
                TransactionStatusRequest.newBuilder().setTxId(id(tx)).build()).getState());
    }

    @Test
    void resubmittingIsIdempotentBeforeAndAfterCommit() {
        SignedTransaction tx = tx();
        SubmitRequest req = SubmitRequest.newBuilder().setTransaction(tx.toProto()).build();
        ledger.submit(req);
        var again = ledger.submit(req);
        assertEquals(id(tx), again.getTxId());
        assertEquals(TransactionState.PENDING, again.getState());
        commit(List.of(tx));
        var afterCommit = ledger.submit(req);
        assertEquals(id(tx), afterCommit.getTxId());
        assertEquals(TransactionState.COMMITTED, afterCommit.getState());
        assertEquals(1, forwarded.size(), "a duplicate is not forwarded again");
    }

    @Test
    void rejectionsCrossTheWireWithTheirReasonCode() {
        SignedTransaction tx = tx();
        byte[] sig = tx.signature().toArray();
        sig[0] ^= 1;
        var bad = tx.toProto().toBuilder().setSignature(ByteString.copyFrom(sig)).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ledger.submit(SubmitRequest.newBuilder().setTransaction(bad).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("INVALID_SIGNATURE", io.meshledger.client.LedgerClient.reasonOf(e));

        var garbage = io.meshledger.proto.v1.Transaction.newBuilder().setBody(ByteString.copyFromUtf8("not a body"))
                .setSignature(ByteString.copyFrom(new byte[64])).build();
        StatusRuntimeException m = assertThrows(StatusRuntimeException.class,
                () -> ledger.submit(SubmitRequest.newBuilder().setTransaction(garbage).build()));
        assertEquals("MALFORMED", io.meshledger.client.LedgerClient.reasonOf(m));

        SignedTransaction expired = net.transaction(net.user("org1", "publisher"), 10, 0 + 1);
        commit(List.of(tx()));
        StatusRuntimeException x = assertThrows(StatusRuntimeException.class,
                () -> ledger.submit(SubmitRequest.newBuilder().setTransaction(expired.toProto()).build()));
        assertEquals("EXPIRED", io.meshledger.client.LedgerClient.reasonOf(x));
        assertEquals(TransactionState.REJECTED, ledger.getTransactionStatus(
                TransactionStatusRequest.newBuilder().setTxId(id(expired)).build()).getState());
        assertTrue(forwarded.isEmpty());
        assertEquals(0, mempool.size());
    }

    @Test
    void aBatchAnswersEachTransactionInOrder() {
        SignedTransaction good = tx();
        SignedTransaction otherChain = SignedTransaction.sign(net.body(net.user("org2", "auditor"), "elsewhere", 10, 50),
                net.user("org2", "auditor").key());
        var r = ledger.submitBatch(SubmitBatchRequest.newBuilder().addTransactions(good.toProto())
                .addTransactions(otherChain.toProto()).build());
        assertTrue(r.getOutcomes(0).getAccepted());
        assertFalse(r.getOutcomes(1).getAccepted());
        assertEquals("WRONG_CHAIN", r.getOutcomes(1).getReason());
        assertEquals(id(otherChain), r.getOutcomes(1).getTxId());
    }

    @Test
    void submitAndWaitAnswersWhenTheTransactionCommits() throws Exception {
        SignedTransaction tx = tx();
        var async = LedgerGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .submitAndWait(SubmitAndWaitRequest.newBuilder().setTransaction(tx.toProto()).setTimeoutMs(20_000).build());
        // Wait until admitted, then commit it in a block with another transaction before it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!mempool.contains(tx.id()) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        commit(List.of(tx(), tx));
        var r = async.get(20, TimeUnit.SECONDS);
        assertEquals(1, r.getLocation().getHeight());
        assertEquals(1, r.getLocation().getIndex());
        assertEquals(1, r.getLocation().getGlobalIndex());
    }

    @Test
    void submitAndWaitTimesOutWithAReasonWhenNothingCommits() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ledger.submitAndWait(
                SubmitAndWaitRequest.newBuilder().setTransaction(tx().toProto()).setTimeoutMs(200).build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertEquals("TIMEOUT", io.meshledger.client.LedgerClient.reasonOf(e));
        assertEquals(0, waiters.size());
    }

    @Test
    void committedBlocksAndTransactionsAreReadableWithAVerifiableInclusionProof() {
        List<SignedTransaction> first = List.of(tx(), tx(), tx());
        Block b1 = commit(first);
        Block b2 = commit(List.of(tx(), tx()));
        var got = query.getBlock(GetBlockRequest.newBuilder().setHeight(1).build());
        assertEquals(Block.fromProto(got.getBlock()).hash(), b1.hash());
        var byHash = query.getBlock(GetBlockRequest.newBuilder().setHash(ByteString.copyFrom(b2.hash().unsafeArray())).build());
        assertEquals(2, Block.fromProto(byHash.getBlock()).height());

        var t = query.getTransaction(GetTransactionRequest.newBuilder().setTxId(id(first.get(2))).build());
        assertEquals(1, t.getLocation().getHeight());
        assertEquals(2, t.getLocation().getGlobalIndex());

        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> query.getBlock(GetBlockRequest.newBuilder().setHeight(99).build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals("NOT_FOUND", io.meshledger.client.LedgerClient.reasonOf(missing));
    }

    @Test
    void manyConcurrentSubmissionsAreAllAdmittedExactlyOnce() throws Exception {
        List<SignedTransaction> txs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            txs.add(tx());
        }
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int offset = c;
            calls.add(CompletableFuture.runAsync(() -> {
                for (int i = offset; i < txs.size(); i += 4) {
                    ledger.submit(SubmitRequest.newBuilder().setTransaction(txs.get(i).toProto()).build());
                    // Each transaction also arrives a second time from another caller.
                    ledger.submit(SubmitRequest.newBuilder().setTransaction(txs.get((i + 1) % txs.size()).toProto()).build());
                }
            }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertEquals(200, mempool.size());
        assertEquals(200, forwarded.size());
    }
}
