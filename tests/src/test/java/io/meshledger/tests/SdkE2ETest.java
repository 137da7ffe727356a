package io.meshledger.tests;

import io.meshledger.client.AccessRight;
import io.meshledger.client.BlockRead;
import io.meshledger.client.ClientOptions;
import io.meshledger.client.DatasetSpec;
import io.meshledger.client.DatasetVisibility;
import io.meshledger.client.KeyVersion;
import io.meshledger.client.LedgerClient;
import io.meshledger.client.Meshledger;
import io.meshledger.client.MeshledgerClient;
import io.meshledger.client.NetworkDefinition;
import io.meshledger.client.RecordDraft;
import io.meshledger.client.RequestRefusedException;
import io.meshledger.client.StateEntry;
import io.meshledger.client.Subject;
import io.meshledger.client.TransactionFailedException;
import io.meshledger.client.TransactionRead;
import io.meshledger.client.TransactionStatus;
import io.meshledger.client.WriteResult;
import io.meshledger.contracts.publication.PublicationKeys;
import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.proto.v1.AccessBasis;
import io.meshledger.proto.v1.Attestation;
import io.meshledger.proto.v1.CheckResult;
import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.RecordRef;
import io.meshledger.proto.v1.RecordVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java SDK against four real node processes written by {@code network
 * init}: connecting from the network directory, every typed helper's round
 * trip, refusals surfacing as typed exceptions with their stable codes,
 * paginated reads, and fail-over when the preferred node is down. The tests
 * share one network and run in order; after a write that another identity
 * reads, every node is awaited at its height.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SdkE2ETest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final ClientOptions OPTIONS = ClientOptions.defaults().withCallTimeout(Duration.ofSeconds(5))
            .withCommitWait(Duration.ofSeconds(30));
    private static final String DATASET = "sensors";

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    static MeshledgerClient owner;
    static MeshledgerClient auditor;
    static Hash firstPublish;

    @BeforeAll
    static void startNetwork() {
        cluster.init(dir).startAll();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitUp(i, START);
        }
        cluster.awaitHeight(cluster.allNodes(), 1, START);
        owner = Meshledger.connect(NetworkDefinition.load(cluster.dir()),
                Meshledger.identity(cluster.dir(), "org1", "publisher"), OPTIONS);
        auditor = Meshledger.connect(NetworkDefinition.load(cluster.dir()),
                Meshledger.identity(cluster.dir(), "org2", "auditor"), OPTIONS);
    }

    @AfterAll
    static void closeClients() {
        if (owner != null) {
            owner.close();
        }
        if (auditor != null) {
            auditor.close();
        }
    }

    /** Waits until every running node executed {@code height}, so a read through any of them sees it. */
    static void converge(long height) {
        cluster.awaitHeight(cluster.allNodes().stream().filter(cluster::isRunning).toList(), height, CONVERGE);
    }

    @Test
    @Order(1)
    void theNetworkDirectoryWrittenByNetworkInitNamesEveryNodesClientApiInGenesisOrder() {
        NetworkDefinition network = NetworkDefinition.load(cluster.dir());
        assertEquals(cluster.chainId(), network.chainId());
        List<LedgerClient.Endpoint> expected = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            var api = cluster.config(i).apiListen();
            expected.add(new LedgerClient.Endpoint(api.host(), api.port()));
        }
        assertEquals(expected, network.endpoints());
        assertEquals(cluster.name(0), owner.queries().status().node(), "the first node is preferred");
    }

    @Test
    @Order(1)
    void readAuthorisationsAreFreshSignedQueriesOfTheClientsIdentityExpiringShortlyPastTheTip() {
        long tip = owner.queries().status().height();
        SignedTransaction auth = SignedTransaction.fromProto(owner.readAuthorisation());
        SignedTransaction again = SignedTransaction.fromProto(owner.readAuthorisation());
        assertNotEquals(auth.id(), again.id(), "a fresh nonce each time");
        assertEquals(cluster.chainId(), auth.decoded().chainId());
        assertEquals(MeshledgerClient.READ_CONTRACT, auth.decoded().contract());
        assertEquals(MeshledgerClient.READ_METHOD, auth.decoded().method());
        assertEquals(owner.identity().sender(), auth.decoded().sender());
        assertTrue(auth.decoded().expiryHeight() >= tip + OPTIONS.readValidityBlocks()
                && auth.decoded().expiryHeight() <= tip + OPTIONS.readValidityBlocks() + 10,
                "expiry " + auth.decoded().expiryHeight() + " for tip " + tip);
        assertTrue(owner.identity().key().publicKey().verify(auth.id().unsafeArray(), auth.signature().toArray()));
    }

    @Test
    @Order(2)
    void anOwnerCreatesADatasetAndPublishesRecordsWhoseHashTheSdkComputed() {
        WriteResult<Dataset> created = owner.publication().createDataset(
                DatasetSpec.of(DATASET, DatasetVisibility.RESTRICTED).withDescription("weather stations"));
        assertEquals(DATASET, created.result().getDatasetId());
        assertEquals("org1", created.result().getOwner().getOrg());
        assertEquals("publisher", created.result().getOwner().getName());
        assertTrue(created.height() >= 1);
        assertTrue(created.receipt().succeeded());
        assertEquals("DatasetCreated", created.receipt().events().get(0).type());

        for (int r = 1; r <= 3; r++) {
            byte[] payload = ("{\"station\":" + r + "}").getBytes(StandardCharsets.UTF_8);
            WriteResult<RecordRef> published = owner.publication().publish(
                    RecordDraft.of(DATASET, "station-" + r, payload).withMetadata("unit", "C"));
            assertEquals(1, published.result().getVersion());
            if (r == 1) {
                firstPublish = published.txId();
            }
            RecordVersion read = owner.publication().record(DATASET, "station-" + r);
            assertArrayEquals(Hashing.sha256(payload).unsafeArray(), read.getContentHash().toByteArray());
            assertArrayEquals(payload, read.getPayload().toByteArray());
            assertEquals(published.txId().toHex(), read.getTxId());
        }
        WriteResult<RecordRef> tombstoned = owner.publication().tombstone(DATASET, "station-3", "decommissioned");
        assertEquals(2, tombstoned.result().getVersion());
        List<RecordVersion> history = owner.publication().history(DATASET, "station-3").toList();
        assertEquals(List.of(1L, 2L), history.stream().map(RecordVersion::getVersion).toList());
        assertTrue(history.get(1).getTombstone());
        assertEquals("decommissioned", history.get(1).getTombstoneReason());
        assertEquals(DATASET, owner.publication().dataset(DATASET).getDatasetId());
        converge(tombstoned.height());
    }

    @Test
    @Order(3)
    void queriesReturnTheCommittedTransactionItsBlockStateHistoryAndCertifiedDigest() {
        TransactionRead tx = owner.queries().transaction(firstPublish);
        assertEquals(firstPublish, tx.transaction().id());
        assertTrue(tx.receipt().orElseThrow().succeeded());
        assertEquals(TransactionStatus.State.COMMITTED, owner.queries().transactionStatus(firstPublish).state());

        BlockRead block = owner.queries().block(tx.height());
        assertEquals(firstPublish, block.block().transactions().get(tx.index()).id());

        var latest = owner.queries().state("publication", PublicationKeys.latest(DATASET, "station-3"));
        assertEquals(2, decodeVersion(latest.value().orElseThrow()).getVersion());
        assertTrue(owner.queries().state("publication", PublicationKeys.latest(DATASET, "no-such")).value().isEmpty());

        List<KeyVersion> versions = owner.queries().history("publication", PublicationKeys.latest(DATASET, "station-3"),
                0, 1).toList();
        assertEquals(2, versions.size(), "two writes of the latest version, read one per page: " + versions);
        assertTrue(versions.get(0).height() < versions.get(1).height());

        long tip = owner.queries().status().height();
        assertTrue(tip >= tx.height());
        assertTrue(owner.queries().ledgerDigest().certificate().digest().height() >= 1);
        var consistency = owner.queries().consistencyProof(1, tip);
        assertTrue(consistency.proof().secondSize() >= consistency.proof().firstSize());
    }

    @Test
    @Order(4)
    void aScanPagesThroughEveryKeyOfAPrefixInOrderAtOneHeight() {
        byte[] prefix = "rec/sensors/".getBytes(StandardCharsets.UTF_8);
        List<Bytes> paged = owner.queries().scan("publication", prefix, 2).map(StateEntry::key).toList();
        Set<Bytes> expected = new java.util.HashSet<>();
        for (int r = 1; r <= 3; r++) {
            expected.add(Bytes.of(PublicationKeys.latest(DATASET, "station-" + r)));
        }
        // Only superseded versions have a key of their own: station-3 has two versions.
        expected.add(Bytes.of(PublicationKeys.version(DATASET, "station-3", 1)));
        assertEquals(expected, Set.copyOf(paged), "keys: " + paged);
        assertEquals(expected.size(), paged.size(), "no key twice");
        assertEquals(paged.stream().sorted().toList(), paged, "ascending order");
        var onePage = owner.queries().scanPage("publication", prefix, null, 1000, 0);
        assertEquals(paged, onePage.entries().stream().map(StateEntry::key).toList());
        assertFalse(onePage.more());
    }

    @Test
    @Order(5)
    void aReaderWithoutAGrantIsRefusedWithPermissionDeniedUntilGrantedAndAfterRevocation() {
        RequestRefusedException denied = assertThrows(RequestRefusedException.class,
                () -> auditor.publication().record(DATASET, "station-1"));
        assertEquals("PERMISSION_DENIED", denied.reason());

        Subject.Identity reader = Subject.identity("org2", "auditor");
        WriteResult<?> granted = owner.authorisation().grant(DATASET, reader, AccessRight.READ);
        converge(granted.height());
        assertEquals("station-1", auditor.publication().record(DATASET, "station-1").getRecordId());
        CheckResult check = owner.authorisation().check(DATASET, reader, AccessRight.READ);
        assertTrue(check.getAllowed());
        assertEquals(AccessBasis.ACCESS_BASIS_IDENTITY_GRANT, check.getBasis());
        assertFalse(owner.authorisation().check(DATASET, reader, AccessRight.WRITE).getAllowed());

        WriteResult<?> revoked = owner.authorisation().revoke(DATASET, reader, AccessRight.READ);
        converge(revoked.height());
        assertEquals("PERMISSION_DENIED", assertThrows(RequestRefusedException.class,
                () -> auditor.publication().record(DATASET, "station-1")).reason());
    }

    @Test
    @Order(6)
    void aWriteWithoutAGrantCommitsAsAFailedReceiptThrownWithItsCode() {
        try (MeshledgerClient stranger = Meshledger.connect(NetworkDefinition.load(cluster.dir()),
                Meshledger.identity(cluster.dir(), "org2", "publisher"), OPTIONS)) {
            TransactionFailedException e = assertThrows(TransactionFailedException.class,
                    () -> stranger.publication().publish(RecordDraft.of(DATASET, "intruder", new byte[] {1})));
            assertEquals("PERMISSION_DENIED", e.reason());
            assertTrue(e.height() >= 1);
            assertEquals(TransactionStatus.State.COMMITTED, stranger.queries().transactionStatus(e.txId()).state());
        }
    }

    @Test
    @Order(7)
    void hashesAndIdentitiesAreAttestedAndListed() {
        byte[] report = "audit report 2026".getBytes(StandardCharsets.UTF_8);
        WriteResult<Attestation> attested = auditor.attestation().attestContent(report, "reviewed", "doc://42");
        assertEquals("org2", attested.result().getAttester().getOrg());
        converge(attested.height());
        List<Attestation> listed = owner.attestation().attestations(Hashing.sha256(report)).toList();
        assertEquals(1, listed.size());
        assertEquals("reviewed", listed.get(0).getClaim());
        assertEquals(attested.txId().toHex(), listed.get(0).getTxId());

        Subject.Identity publisher = Subject.identity("org1", "publisher");
        assertEquals("PERMISSION_DENIED", assertThrows(TransactionFailedException.class,
                () -> owner.attestation().attestIdentity(publisher, "kyc", "")).reason(),
                "only an organisation's admin attests its identities");
        try (MeshledgerClient admin = Meshledger.connect(cluster.dir(), "org1", "admin")) {
            var claim = admin.attestation().attestIdentity(publisher, "kyc passed", "");
            assertEquals("org1/publisher", claim.result().getSubject());
            assertEquals(List.of("kyc passed"), admin.attestation().identityAttestations(publisher)
                    .map(a -> a.getClaim()).toList());
        }
    }

    @Test
    @Order(8)
    void withThePreferredNodeDownWritesAndReadsFailOverToTheOthers() {
        cluster.kill(0);
        NetworkDefinition network = NetworkDefinition.load(cluster.dir());
        try (MeshledgerClient client = Meshledger.connect(network,
                Meshledger.identity(cluster.dir(), "org1", "publisher"), OPTIONS)) {
            WriteResult<RecordRef> published = client.publication().publish(
                    RecordDraft.of(DATASET, "station-1", "{\"station\":1,\"v\":2}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(2, published.result().getVersion());
            assertNotEquals(cluster.name(0), client.queries().status().node());
            assertEquals(published.txId().toHex(), client.publication().record(DATASET, "station-1").getTxId());
        }
        Set<String> answering = cluster.except(0).stream().map(cluster::name).collect(Collectors.toSet());
        assertTrue(answering.contains(owner.queries().status().node()), "the long-lived client moved on too");
    }

    private static RecordVersion decodeVersion(Bytes value) {
        try {
            return RecordVersion.parseFrom(value.unsafeArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("the latest version does not decode", e);
        }
    }
}
