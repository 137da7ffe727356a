package io.meshledger.node.api;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.meshledger.contracts.SystemContracts;
import io.meshledger.contracts.publication.PublicationKeys;
import io.meshledger.contracts.publication.PublicationLimits;
import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.proof.ProofVerifier;
import io.meshledger.core.proof.ProvenFacts;
import io.meshledger.core.proof.Verdict;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.execution.BlockExecutor;
import io.meshledger.node.execution.ExecutionLimits;
import io.meshledger.node.storage.BlockEffects;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.proto.v1.CreateDatasetArgs;
import io.meshledger.proto.v1.GetStateRequest;
import io.meshledger.proto.v1.GetStateResponse;
import io.meshledger.proto.v1.GetTransactionRequest;
import io.meshledger.proto.v1.GrantArgs;
import io.meshledger.proto.v1.Grantee;
import io.meshledger.proto.v1.PublishArgs;
import io.meshledger.proto.v1.QueryGrpc;
import io.meshledger.proto.v1.RecordVersion;
import io.meshledger.proto.v1.Right;
import io.meshledger.proto.v1.ScanRequest;
import io.meshledger.proto.v1.ScanResponse;
import io.meshledger.proto.v1.Transaction;
import io.meshledger.proto.v1.Visibility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proven reads and read grants through the real Query service over gRPC on
 * loopback, on a real RocksDB store whose blocks are executed and certified
 * by three of the four genesis validators. Proofs are checked by the offline
 * {@link ProofVerifier} with nothing but the genesis.
 */
class ProvenReadsTest {
    @TempDir
    static Path shared;
    static TestNetwork net;

    @TempDir
    Path dir;
    RocksLedgerStore store;
    BlockExecutor executor;
    Server server;
    ManagedChannel channel;
    QueryGrpc.QueryBlockingStub query;
    ProofVerifier verifier;
    TestNetwork.User owner;
    TestNetwork.User auditor;

    @BeforeAll
    static void network() {
        net = TestNetwork.create(shared.resolve("net"), 2, 4);
    }

    @BeforeEach
    void start() throws Exception {
        store = RocksLedgerStore.open(dir.resolve("db"));
        var members = net.genesis().membershipValidator(100);
        executor = BlockExecutor.create(net.genesis().chainId(), store, SystemContracts.create(PublicationLimits.DEFAULT),
                members, ExecutionLimits.DEFAULT);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new QueryService(store, store, net.genesis().chainId(), members, executor::call,
                        QueryService.readAccess(store, net.genesis().chainId(), members, executor::call)))
                .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        query = QueryGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        verifier = new ProofVerifier(net.genesis());
        owner = net.user("org1", "publisher");
        auditor = net.user("org2", "auditor");
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        store.close();
    }

    @Test
    void aRecordIsProvenPresentAndAnUnknownOneAbsentAgainstTheGenesisAlone() throws Exception {
        publishRestrictedRecord(true);
        GetStateResponse present = query.getState(GetStateRequest.newBuilder().setContract("publication")
                .setKey(ByteString.copyFrom(PublicationKeys.latest("ds1", "r1"))).setWithProof(true)
                .setAuth(auth(owner)).build());
        assertTrue(present.getFound());
        ProvenFacts.State facts = valid(present.getProof().toByteArray(), ProvenFacts.State.class);
        assertEquals(present.getHeight(), facts.certified().height());
        RecordVersion record = RecordVersion.parseFrom(facts.entries().getFirst().value().orElseThrow().toArray());
        assertEquals("r1", record.getRecordId());
        assertArrayEquals(Hashing.sha256("hello".getBytes(StandardCharsets.UTF_8)).unsafeArray(),
                record.getContentHash().toByteArray());
        assertEquals(List.of("node-2", "node-3", "node-4").size(), facts.certified().signers().size());

        GetStateResponse absent = query.getState(GetStateRequest.newBuilder().setContract("publication")
                .setKey(ByteString.copyFrom(PublicationKeys.latest("ds1", "no-such-record"))).setWithProof(true)
                .setAuth(auth(owner)).build());
        assertFalse(absent.getFound());
        ProvenFacts.State none = valid(absent.getProof().toByteArray(), ProvenFacts.State.class);
        assertFalse(none.entries().getFirst().present());
    }

    @Test
    void aTransactionIsProvenWithItsReceiptAndSender() {
        SignedTransaction publish = publishRestrictedRecord(true);
        var response = query.getTransaction(GetTransactionRequest.newBuilder()
                .setTxId(ByteString.copyFrom(publish.id().unsafeArray())).setWithProof(true).setAuth(auth(owner)).build());
        ProvenFacts.Transaction facts = valid(response.getProof().toByteArray(), ProvenFacts.Transaction.class);
        assertEquals(publish.id(), facts.txId());
        assertTrue(facts.receipt().succeeded());
        assertEquals("org1/publisher", facts.sender());
        assertTrue(facts.senderMember());
        assertEquals(response.getLocation().getHeight(), facts.height());
        assertEquals(response.getLocation().getGlobalIndex(), facts.globalIndex());
        assertEquals(1, facts.receipt().events().size());
    }

    @Test
    void everySingleByteChangeOfAProofMakesItInvalid() {
        SignedTransaction publish = publishRestrictedRecord(true);
        byte[] state = query.getState(GetStateRequest.newBuilder().setContract("publication")
                .setKey(ByteString.copyFrom(PublicationKeys.latest("ds1", "r1"))).setWithProof(true)
                .setAuth(auth(owner)).build()).getProof().toByteArray();
        byte[] tx = query.getTransaction(GetTransactionRequest.newBuilder()
                .setTxId(ByteString.copyFrom(publish.id().unsafeArray())).setWithProof(true).setAuth(auth(owner))
                .build()).getProof().toByteArray();
        for (byte[] proof : List.of(state, tx)) {
            assertTrue(verifier.verify(proof).isValid());
            for (int i = 0; i < proof.length; i++) {
                for (int bit : new int[] {0x01, 0x80}) {
                    byte[] changed = proof.clone();
                    changed[i] ^= (byte) bit;
                    Verdict v = verifier.verify(changed);
                    int at = i;
                    assertInstanceOf(Verdict.Invalid.class, v, () -> "flipping bit " + bit + " of byte " + at
                            + " left the proof valid");
                }
            }
            assertInstanceOf(Verdict.Invalid.class, verifier.verify(java.util.Arrays.copyOf(proof, proof.length - 1)));
            byte[] longer = java.util.Arrays.copyOf(proof, proof.length + 2);
            longer[proof.length] = (byte) 0x78; // field 15, varint
            assertInstanceOf(Verdict.Invalid.class, verifier.verify(longer));
        }
    }

    @Test
    void aProofVerifiesOnlyAgainstItsOwnNetworksGenesis() {
        publishRestrictedRecord(true);
        byte[] proof = query.getState(GetStateRequest.newBuilder().setContract("publication")
                .setKey(ByteString.copyFrom(PublicationKeys.dataset("ds1"))).setWithProof(true).build())
                .getProof().toByteArray();
        TestNetwork other = TestNetwork.create(dir.resolve("other"), 2, 4);
        Verdict v = new ProofVerifier(other.genesis()).verify(proof);
        assertInstanceOf(Verdict.Invalid.class, v);
    }

    @Test
    void provenReadsAnswerAtTheLatestCertifiedHeightAndWaitForTheFirstCertificate() {
        SignedTransaction create = signed(owner, "publication", "create_dataset", CreateDatasetArgs.newBuilder()
                .setDatasetId("pub").setVisibility(Visibility.VISIBILITY_PUBLIC).build().toByteArray());
        commit(List.of(create), false);
        StatusRuntimeException none = assertThrows(StatusRuntimeException.class, () -> query.getState(
                GetStateRequest.newBuilder().setContract("publication")
                        .setKey(ByteString.copyFrom(PublicationKeys.dataset("pub"))).setWithProof(true).build()));
        assertEquals(Status.Code.UNAVAILABLE, none.getStatus().getCode());
        assertEquals("NOT_CERTIFIED", io.meshledger.client.LedgerClient.reasonOf(none));

        commit(List.of(), true);
        commit(List.of(), false);
        GetStateResponse r = query.getState(GetStateRequest.newBuilder().setContract("publication")
                .setKey(ByteString.copyFrom(PublicationKeys.dataset("pub"))).setWithProof(true).build());
        assertEquals(2, r.getHeight(), "answered at the certified height below the tip");
        assertTrue(r.getFound());
        assertEquals(2, valid(r.getProof().toByteArray(), ProvenFacts.State.class).certified().height());
    }

    @Test
    void restrictedRecordsNeedTheOwnerOrAReadGrantAndARevocationEndsIt() {
        SignedTransaction publish = publishRestrictedRecord(true);
        GetStateRequest read = GetStateRequest.newBuilder().setContract("publication")
                .setKey(ByteString.copyFrom(PublicationKeys.latest("ds1", "r1"))).build();
        assertDenied(() -> query.getState(read));
        assertDenied(() -> query.getState(read.toBuilder().setAuth(auth(auditor)).build()));
        assertDenied(() -> query.getTransaction(GetTransactionRequest.newBuilder()
                .setTxId(ByteString.copyFrom(publish.id().unsafeArray())).build()));
        assertTrue(query.getState(read.toBuilder().setAuth(auth(owner)).build()).getFound());

        GrantArgs grant = GrantArgs.newBuilder().setDatasetId("ds1").setRight(Right.RIGHT_READ)
                .setGrantee(Grantee.newBuilder().setIdentity("org2/auditor")).build();
        commit(List.of(signed(owner, "authorisation", "grant", grant.toByteArray())), true);
        assertTrue(query.getState(read.toBuilder().setAuth(auth(auditor)).build()).getFound());
        assertTrue(query.getTransaction(GetTransactionRequest.newBuilder()
                .setTxId(ByteString.copyFrom(publish.id().unsafeArray())).setAuth(auth(auditor)).build()).hasReceipt());

        commit(List.of(signed(owner, "authorisation", "revoke", grant.toByteArray())), true);
        assertDenied(() -> query.getState(read.toBuilder().setAuth(auth(auditor)).build()));
    }

    @Test
    void historyScansAndCallsReadAtHeightsAndProveWhatTheyReturn() throws Exception {
        publishRestrictedRecord(true);
        long firstVersionHeight = store.tip().height();
        commit(List.of(publish("ds1", "r1", "second")), true);
        commit(List.of(publish("ds1", "r1", "third")), false);
        byte[] head = PublicationKeys.latest("ds1", "r1");

        var history = query.getHistory(io.meshledger.proto.v1.GetHistoryRequest.newBuilder().setContract("publication")
                .setKey(ByteString.copyFrom(head)).setWithProof(true).setAuth(auth(owner)).build());
        assertEquals(3, history.getVersionsCount());
        for (var v : history.getVersionsList().subList(0, 2)) {
            ProvenFacts.State facts = valid(v.getProof().toByteArray(), ProvenFacts.State.class);
            assertEquals(v.getHeight(), facts.certified().height());
            assertArrayEquals(v.getValue().toByteArray(), facts.entries().getFirst().value().orElseThrow().toArray());
        }
        assertFalse(history.getVersions(2).hasProof(), "an uncertified height has no proof rather than a later one");

        var scan = query.scan(ScanRequest.newBuilder().setContract("publication")
                .setPrefix(ByteString.copyFromUtf8("rec/ds1/")).setWithProof(true).setAuth(auth(owner)).build());
        assertEquals(store.tip().height() - 1, scan.getHeight(), "read at the certified height below the tip");
        ProvenFacts.State scanned = valid(scan.getProof().toByteArray(), ProvenFacts.State.class);
        assertEquals(scan.getEntriesCount(), scanned.entries().size());
        for (int i = 0; i < scan.getEntriesCount(); i++) {
            assertArrayEquals(scan.getEntries(i).getValue().toByteArray(),
                    scanned.entries().get(i).value().orElseThrow().toArray());
        }

        io.meshledger.proto.v1.GetRecordArgs args = io.meshledger.proto.v1.GetRecordArgs.newBuilder()
                .setDatasetId("ds1").setRecordId("r1").build();
        Transaction call = SignedTransaction.sign(new TransactionBody(net.genesis().chainId(), owner.sender(),
                "publication", "get_record", Bytes.wrap(args.toByteArray()), net.nonce(), store.tip().height() + 10),
                owner.key()).toProto();
        var then = query.call(io.meshledger.proto.v1.CallRequest.newBuilder().setTransaction(call)
                .setHeight(firstVersionHeight).build());
        assertEquals(firstVersionHeight, then.getHeight());
        assertEquals(1, RecordVersion.parseFrom(then.getResult()).getVersion());
        var now = query.call(io.meshledger.proto.v1.CallRequest.newBuilder().setTransaction(call).build());
        assertEquals(3, RecordVersion.parseFrom(now.getResult()).getVersion());
    }

    @Test
    void theSignerOfAWriteToARestrictedDatasetMayAlwaysReadItAndItsFailure() {
        publishRestrictedRecord(true);
        SignedTransaction refused = SignedTransaction.sign(new TransactionBody(net.genesis().chainId(), auditor.sender(),
                "publication", "publish", Bytes.wrap(PublishArgs.newBuilder().setDatasetId("ds1").setRecordId("x")
                .setContentHash(ByteString.copyFrom(Hashing.sha256(new byte[] {1}).unsafeArray())).build().toByteArray()),
                net.nonce(), store.tip().height() + 100), auditor.key());
        commit(List.of(refused), true);
        GetTransactionRequest read = GetTransactionRequest.newBuilder()
                .setTxId(ByteString.copyFrom(refused.id().unsafeArray())).build();
        var own = query.getTransaction(read.toBuilder().setAuth(auth(auditor)).build());
        assertEquals("PERMISSION_DENIED", own.getReceipt().getFailureCode());
        assertDenied(() -> query.getTransaction(read));
        assertDenied(() -> query.getTransaction(read.toBuilder().setAuth(auth(net.user("org2", "publisher"))).build()));
    }

    @Test
    void anInvalidReadAuthorisationIsRefusedWithItsReason() {
        publishRestrictedRecord(true);
        GetStateRequest read = GetStateRequest.newBuilder().setContract("publication")
                .setKey(ByteString.copyFrom(PublicationKeys.latest("ds1", "r1"))).build();
        Transaction good = auth(owner);
        Transaction forged = good.toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> query.getState(read.toBuilder().setAuth(forged).build()));
        assertEquals("INVALID_SIGNATURE", io.meshledger.client.LedgerClient.reasonOf(e));
        Transaction asCall = SignedTransaction.sign(new TransactionBody(net.genesis().chainId(), owner.sender(),
                "publication", "get_record", Bytes.EMPTY, net.nonce(), store.tip().height() + 10), owner.key()).toProto();
        StatusRuntimeException wrongKind = assertThrows(StatusRuntimeException.class,
                () -> query.getState(read.toBuilder().setAuth(asCall).build()));
        assertEquals("MALFORMED", io.meshledger.client.LedgerClient.reasonOf(wrongKind));
    }

    @Test
    void scansSkipUnreadableRecordsButKeepPaging() {
        publishRestrictedRecord(true);
        SignedTransaction pub = signed(owner, "publication", "create_dataset", CreateDatasetArgs.newBuilder()
                .setDatasetId("open").setVisibility(Visibility.VISIBILITY_PUBLIC).build().toByteArray());
        commit(List.of(pub), true);
        commit(List.of(publish("open", "a", "1"), publish("open", "b", "2")), true);
        List<String> seen = new ArrayList<>();
        ByteString after = ByteString.EMPTY;
        for (int page = 0; page < 20; page++) {
            ScanResponse r = query.scan(ScanRequest.newBuilder().setContract("publication")
                    .setPrefix(ByteString.copyFromUtf8("rec/")).setStartAfter(after).setLimit(1).build());
            r.getEntriesList().forEach(e -> seen.add(e.getKey().toStringUtf8().split("/")[1]));
            if (!r.getMore()) {
                break;
            }
            after = r.getNextStartAfter();
        }
        assertTrue(seen.stream().allMatch("open"::equals), "anonymous scans never show the restricted dataset: " + seen);
        assertEquals(2, seen.size(), "two records of 'open', each its latest version alone");
    }

    // --- fixture -------------------------------------------------------------------------------------------------

    private SignedTransaction publishRestrictedRecord(boolean certify) {
        commit(List.of(signed(owner, "publication", "create_dataset", CreateDatasetArgs.newBuilder()
                .setDatasetId("ds1").setVisibility(Visibility.VISIBILITY_RESTRICTED).build().toByteArray())), certify);
        SignedTransaction publish = publish("ds1", "r1", "hello");
        commit(List.of(publish, publish("ds1", "r2", "other")), certify);
        return publish;
    }

    private SignedTransaction publish(String dataset, String record, String content) {
        byte[] payload = content.getBytes(StandardCharsets.UTF_8);
        return signed(owner, "publication", "publish", PublishArgs.newBuilder().setDatasetId(dataset)
                .setRecordId(record).setContentHash(ByteString.copyFrom(Hashing.sha256(payload).unsafeArray()))
                .setPayload(ByteString.copyFrom(payload)).build().toByteArray());
    }

    private static void assertDenied(org.junit.jupiter.api.function.Executable read) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, read);
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertEquals("PERMISSION_DENIED", io.meshledger.client.LedgerClient.reasonOf(e));
    }

    private <T extends ProvenFacts> T valid(byte[] proof, Class<T> kind) {
        Verdict v = verifier.verify(proof);
        if (v instanceof Verdict.Invalid bad) {
            throw new AssertionError("proof is invalid: " + bad.reason());
        }
        return kind.cast(((Verdict.Valid) v).facts());
    }

    private Transaction auth(TestNetwork.User user) {
        return SignedTransaction.sign(new TransactionBody(net.genesis().chainId(), user.sender(),
                ContractReadAccess.READ_CONTRACT, ContractReadAccess.READ_METHOD, Bytes.EMPTY, net.nonce(),
                store.tip().height() + 10), user.key()).toProto();
    }

    private SignedTransaction signed(TestNetwork.User user, String contract, String method, byte[] args) {
        return SignedTransaction.sign(new TransactionBody(net.genesis().chainId(), user.sender(), contract, method,
                Bytes.wrap(args), net.nonce(), store.tip().height() + 100), user.key());
    }

    /** Builds, executes and stores the next block; with {@code certify}, with a quorum certificate of its state. */
    private void commit(List<SignedTransaction> txs, boolean certify) {
        Block block = net.nextBlock(store.tip(), store.frontier(), txs);
        BlockEffects effects = executor.execute(block);
        store.append(block, effects, certify ? net.certify(block, effects.stateRoot()) : null, null);
    }
}
