package io.meshledger.node.api;

import io.grpc.Status;
import io.meshledger.node.TestNetwork;
import io.meshledger.proto.v1.BlockEnvelope;
import io.meshledger.proto.v1.EventEnvelope;
import io.meshledger.proto.v1.StreamGrpc;
import io.meshledger.proto.v1.SubscribeBlocksRequest;
import io.meshledger.proto.v1.SubscribeEventsRequest;
import io.meshledger.proto.v1.Visibility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event streams under the node's real read access (the publication contract's
 * may_read): events of restricted datasets reach only their readers, skipped
 * events still move the cursor, and a bad signed query fails the call.
 */
class StreamAccessTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    static Path netDir;
    static TestNetwork net;

    @TempDir
    Path dir;
    StreamFixture node;

    @BeforeAll
    static void network() {
        net = TestNetwork.create(netDir, 2, 4);
    }

    @BeforeEach
    void start() throws Exception {
        node = new StreamFixture(net, dir.resolve("db"), StreamFixture.contractAccess(net), StreamLimits.DEFAULT);
        commit(StreamFixture.createDataset(net, "open"),
                StreamFixture.createDataset(net, "secret", Visibility.VISIBILITY_RESTRICTED));
        commit(StreamFixture.publish(net, "open", "r1"), StreamFixture.publish(net, "secret", "r1"),
                StreamFixture.publish(net, "open", "r2"));
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    private void commit(io.meshledger.core.tx.SignedTransaction... txs) {
        for (var r : node.commit(List.of(txs))) {
            assertTrue(r.succeeded(), () -> r.failureCode() + " " + r.failureMessage());
        }
    }

    private Collector<SubscribeEventsRequest, EventEnvelope> events(SubscribeEventsRequest request) {
        Collector<SubscribeEventsRequest, EventEnvelope> c = Collector.automatic();
        StreamGrpc.newStub(node.channel).subscribeEvents(request, c);
        return c;
    }

    private static List<String> seen(List<EventEnvelope> events) {
        return events.stream().map(e -> e.getCursor().getHeight() + ":" + e.getCursor().getTxIndex() + " "
                + e.getEvent().getType() + " " + e.getEvent().getKey().toString(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void anonymousReadersSkipRestrictedEventsAndTheCursorMovesPastThem() throws Exception {
        var anonymous = events(SubscribeEventsRequest.getDefaultInstance());
        List<EventEnvelope> got = anonymous.take(3, WAIT);
        assertEquals(List.of("1:0 DatasetCreated open", "2:0 RecordPublished open/r1", "2:2 RecordPublished open/r2"),
                seen(got));
        anonymous.assertQuiet(QUIET);

        // Resuming after open/r1 does not bring back the restricted event that was skipped after it.
        var resumed = events(SubscribeEventsRequest.newBuilder().setFrom(got.get(1).getCursor()).build());
        assertEquals(List.of("2:2 RecordPublished open/r2"), seen(resumed.take(1, WAIT)));
        resumed.assertQuiet(QUIET);
    }

    @Test
    void aReaderWithAGrantSeesTheRestrictedDatasetsEventsOthersDoNot() throws Exception {
        TestNetwork.User auditor = net.user("org2", "auditor");
        var beforeGrant = events(SubscribeEventsRequest.newBuilder().setDataset("secret")
                .setAuth(node.auth(auditor, ContractReadAccess.READ_CONTRACT)).build());
        beforeGrant.assertQuiet(QUIET);

        commit(StreamFixture.grantOrg(net, "secret", "org2"));
        var granted = events(SubscribeEventsRequest.newBuilder().setDataset("secret")
                .setAuth(node.auth(auditor, ContractReadAccess.READ_CONTRACT)).build());
        assertEquals(List.of("1:1 DatasetCreated secret", "2:1 RecordPublished secret/r1", "3:0 AccessGranted secret"),
                seen(granted.take(3, WAIT)));
        var owner = events(SubscribeEventsRequest.newBuilder().setDataset("secret")
                .setAuth(node.auth(net.user("org1", "publisher"), ContractReadAccess.READ_CONTRACT)).build());
        assertEquals(3, owner.take(3, WAIT).size());
    }

    @Test
    void anInvalidSignedQueryFailsTheSubscriptionWithItsReason() throws Exception {
        var wrongMethod = events(SubscribeEventsRequest.newBuilder()
                .setAuth(node.auth(net.user("org2", "auditor"), "publication")).build());
        assertEquals(Status.Code.INVALID_ARGUMENT, wrongMethod.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS).getCode());
        assertEquals("MALFORMED", wrongMethod.reason());

        var tampered = node.auth(net.user("org2", "auditor"), ContractReadAccess.READ_CONTRACT).toBuilder()
                .setSignature(com.google.protobuf.ByteString.copyFrom(new byte[64])).build();
        Collector<SubscribeBlocksRequest, BlockEnvelope> blocks = Collector.automatic();
        StreamGrpc.newStub(node.channel).subscribeBlocks(SubscribeBlocksRequest.newBuilder().setAuth(tampered).build(),
                blocks);
        assertEquals(Status.Code.UNAUTHENTICATED, blocks.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS).getCode());
        assertEquals("INVALID_SIGNATURE", blocks.reason());
        assertEquals(0, node.service.subscriptions());
    }
}
