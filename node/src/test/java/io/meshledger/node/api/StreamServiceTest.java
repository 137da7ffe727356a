package io.meshledger.node.api;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.TestNetwork;
import io.meshledger.proto.v1.BlockEnvelope;
import io.meshledger.proto.v1.EventCursor;
import io.meshledger.proto.v1.EventEnvelope;
import io.meshledger.proto.v1.StreamGrpc;
import io.meshledger.proto.v1.SubscribeBlocksRequest;
import io.meshledger.proto.v1.SubscribeEventsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Stream service over real gRPC on 127.0.0.1, reading a real RocksDB ledger of executed blocks. */
class StreamServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    static Path netDir;
    static TestNetwork net;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void network() {
        net = TestNetwork.create(netDir, 2, 4);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private StreamFixture node(String name, StreamLimits limits, UnaryOperator<io.meshledger.node.storage.StateStore> view)
            throws Exception {
        StreamFixture f = new StreamFixture(net, dir.resolve(name), (store, executor) -> new AllowAllReads(), limits, view);
        toClose.add(f);
        return f;
    }

    private StreamFixture node(String name) throws Exception {
        return node(name, StreamLimits.DEFAULT, UnaryOperator.identity());
    }

    private static void commitAll(StreamFixture f, SignedTransaction... txs) {
        for (Receipt r : f.commit(List.of(txs))) {
            assertTrue(r.succeeded(), () -> "transaction " + r.index() + " failed: " + r.failureCode() + " "
                    + r.failureMessage());
        }
    }

    private static Collector<SubscribeEventsRequest, EventEnvelope> events(ManagedChannel ch, SubscribeEventsRequest r) {
        Collector<SubscribeEventsRequest, EventEnvelope> c = Collector.automatic();
        StreamGrpc.newStub(ch).subscribeEvents(r, c);
        return c;
    }

    private static Collector<SubscribeEventsRequest, EventEnvelope> events(StreamFixture f, SubscribeEventsRequest r) {
        return events(f.channel, r);
    }

    private static SubscribeEventsRequest after(long height, int tx, int event) {
        return SubscribeEventsRequest.newBuilder().setFrom(cursor(height, tx, event)).build();
    }

    private static EventCursor cursor(long height, int tx, int event) {
        return EventCursor.newBuilder().setHeight(height).setTxIndex(tx).setEventIndex(event).build();
    }

    private static String at(EventEnvelope e) {
        return e.getCursor().getHeight() + ":" + e.getCursor().getTxIndex() + ":" + e.getCursor().getEventIndex();
    }

    private static List<String> positions(List<EventEnvelope> events) {
        return events.stream().map(StreamServiceTest::at).toList();
    }

    private static String key(EventEnvelope e) {
        return e.getEvent().getKey().toString(StandardCharsets.UTF_8);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void resumingAfterACursorInTheMiddleOfABlockSendsExactlyTheLaterEvents() throws Exception {
        StreamFixture node = node("n1");
        List<Receipt> block1 = node.commit(List.of(StreamFixture.emit(net, 3, 0), StreamFixture.attest(net, "a"),
                StreamFixture.emit(net, 2, 0)));
        node.commit(List.of(StreamFixture.emit(net, 2, 0)));

        var all = events(node, SubscribeEventsRequest.getDefaultInstance()).take(8, WAIT);
        assertEquals(List.of("1:0:0", "1:0:1", "1:0:2", "1:1:0", "1:2:0", "1:2:1", "2:0:0", "2:0:1"), positions(all));
        assertEquals(block1.get(1).txId().toHex(), io.meshledger.core.crypto.Hash.of(all.get(3).getTxId().toByteArray()).toHex());

        var midTransaction = events(node, after(1, 0, 1));
        assertEquals(all.subList(2, 8), midTransaction.take(6, WAIT));
        midTransaction.assertQuiet(QUIET);
        assertEquals(all.subList(4, 8), events(node, after(1, 1, 0)).take(4, WAIT));
        // A cursor past every event of block 1 (what "from height 2" means) starts at block 2.
        assertEquals(all.subList(6, 8), events(node, after(1, -1, -1)).take(2, WAIT));
        events(node, after(2, 0, 1)).assertQuiet(QUIET);
    }

    @Test
    void filtersMatchContractTypeAndKeyPrefix() throws Exception {
        StreamFixture node = node("n1");
        commitAll(node, StreamFixture.emit(net, 2, 0), StreamFixture.attest(net, "x"),
                StreamFixture.createDataset(net, "ds1"), StreamFixture.publish(net, "ds1", "r1"));

        var emitter = events(node, SubscribeEventsRequest.newBuilder().setContract(EmitterContract.NAME).build());
        assertEquals(List.of("1:0:0", "1:0:1"), positions(emitter.take(2, WAIT)));
        emitter.assertQuiet(QUIET);

        var attested = events(node, SubscribeEventsRequest.newBuilder().setType("HashAttested").build());
        assertEquals(List.of("1:1:0"), positions(attested.take(1, WAIT)));
        attested.assertQuiet(QUIET);

        var prefix = events(node, SubscribeEventsRequest.newBuilder()
                .setKeyPrefix(com.google.protobuf.ByteString.copyFromUtf8("k/1")).build());
        assertEquals("k/1", key(prefix.take(1, WAIT).getFirst()));
        prefix.assertQuiet(QUIET);

        var published = events(node, SubscribeEventsRequest.newBuilder().setContract("publication")
                .setType("RecordPublished").build());
        assertEquals("ds1/r1", key(published.take(1, WAIT).getFirst()));
        published.assertQuiet(QUIET);
    }

    @Test
    void theDatasetFilterSelectsThatDatasetsPublicationAndAuthorisationEventsOnly() throws Exception {
        StreamFixture node = node("n1");
        commitAll(node, StreamFixture.createDataset(net, "alpha"), StreamFixture.createDataset(net, "alphabet"));
        commitAll(node, StreamFixture.publish(net, "alpha", "r1"), StreamFixture.publish(net, "alphabet", "r1"),
                StreamFixture.grantOrg(net, "alpha", "org2"), StreamFixture.grantOrg(net, "alphabet", "org2"),
                StreamFixture.attest(net, "alpha"));

        var alpha = events(node, SubscribeEventsRequest.newBuilder().setDataset("alpha").build());
        List<EventEnvelope> got = alpha.take(3, WAIT);
        assertEquals(List.of("DatasetCreated alpha", "RecordPublished alpha/r1", "AccessGranted alpha"),
                got.stream().map(e -> e.getEvent().getType() + " " + key(e)).toList());
        alpha.assertQuiet(QUIET);
    }

    @Test
    void aClientReconnectingToAnotherNodeWithItsLastCursorGetsEveryLaterEventExactlyOnce() throws Exception {
        StreamFixture a = node("a");
        StreamFixture b = node("b");
        for (int block = 0; block < 5; block++) {
            List<SignedTransaction> txs = List.of(StreamFixture.emit(net, 2, 0), StreamFixture.attest(net, "b" + block),
                    StreamFixture.emit(net, 1, 0));
            a.commit(txs);
            b.commit(txs);
        }
        List<EventEnvelope> expected = events(b, SubscribeEventsRequest.getDefaultInstance()).take(20, WAIT);

        var first = events(a, SubscribeEventsRequest.getDefaultInstance());
        List<EventEnvelope> received = new ArrayList<>(first.take(7, WAIT));
        first.cancel();
        await("node a to release the cancelled subscription", () -> a.service.subscriptions() == 0);
        first.items.clear();

        var second = events(b, SubscribeEventsRequest.newBuilder().setFrom(received.getLast().getCursor()).build());
        received.addAll(second.take(13, WAIT));
        assertEquals(expected, received);

        // Live events keep coming on the new node, still once each.
        List<SignedTransaction> more = List.of(StreamFixture.emit(net, 3, 0));
        a.commit(more);
        b.commit(more);
        assertEquals(List.of("6:0:0", "6:0:1", "6:0:2"), positions(second.take(3, WAIT)));
        second.assertQuiet(QUIET);
    }

    @Test
    void liveEventsArriveWhenTheirBlockCommitsAndAHeadCursorWaitsForTheNodeToCatchUp() throws Exception {
        StreamFixture node = node("n1");
        var fromStart = events(node, SubscribeEventsRequest.getDefaultInstance());
        var ahead = events(node, after(3, 0, 0));
        var blocks = Collector.<SubscribeBlocksRequest, BlockEnvelope>automatic();
        StreamGrpc.newStub(node.channel).subscribeBlocks(SubscribeBlocksRequest.getDefaultInstance(), blocks);
        fromStart.assertQuiet(QUIET);

        for (int h = 1; h <= 4; h++) {
            node.commit(List.of(StreamFixture.emit(net, 2, 0)));
            assertEquals(List.of(h + ":0:0", h + ":0:1"), positions(fromStart.take(2, WAIT)));
            assertEquals(h, io.meshledger.core.block.Block.fromProto(blocks.take(1, WAIT).getFirst().getBlock()).height());
        }
        assertEquals(List.of("3:0:1", "4:0:0", "4:0:1"), positions(ahead.take(3, WAIT)));
        ahead.assertQuiet(QUIET);
    }

    @Test
    void blocksStreamFromAHeightInOrderWithTheirHashes() throws Exception {
        StreamFixture node = node("n1");
        for (int i = 0; i < 3; i++) {
            node.commit(List.of(StreamFixture.attest(net, "blk" + i)));
        }
        var fromZero = Collector.<SubscribeBlocksRequest, BlockEnvelope>automatic();
        StreamGrpc.newStub(node.channel).subscribeBlocks(SubscribeBlocksRequest.getDefaultInstance(), fromZero);
        List<BlockEnvelope> all = fromZero.take(3, WAIT);
        for (int i = 0; i < 3; i++) {
            var stored = node.store.block(i + 1).orElseThrow();
            assertEquals(stored.toProto(), all.get(i).getBlock());
            assertEquals(stored.hash().toHex(), io.meshledger.core.crypto.Hash.of(all.get(i).getBlockHash().toByteArray()).toHex());
        }
        var fromTwo = Collector.<SubscribeBlocksRequest, BlockEnvelope>automatic();
        StreamGrpc.newStub(node.channel).subscribeBlocks(SubscribeBlocksRequest.newBuilder().setFromHeight(2).build(),
                fromTwo);
        assertEquals(all.subList(1, 3), fromTwo.take(2, WAIT));
        node.commit(List.of(StreamFixture.attest(net, "blk3")));
        assertEquals(4, io.meshledger.core.block.Block.fromProto(fromTwo.take(1, WAIT).getFirst().getBlock()).height());
        assertEquals(4, io.meshledger.core.block.Block.fromProto(fromZero.take(1, WAIT).getFirst().getBlock()).height());
    }

    @Test
    void aSubscriberThatStopsReadingStopsTheServersReadsAndIsClosedAsASlowConsumer() throws Exception {
        CountingReads[] counter = new CountingReads[1];
        StreamFixture node = node("n1", StreamLimits.DEFAULT.withSlowConsumer(Duration.ofMillis(700)), store -> {
            counter[0] = new CountingReads(store);
            return counter[0];
        });
        int blocks = 100;
        int perBlock = 10;
        for (int h = 0; h < blocks; h++) {
            node.commit(List.of(StreamFixture.emit(net, perBlock, 4)));
        }
        // A small fixed window (no auto-tuning), so "what the transport holds" is small and known.
        ManagedChannel narrow = NettyChannelBuilder.forAddress("127.0.0.1", node.server.getPort()).usePlaintext()
                .flowControlWindow(64 * 1024).build();
        toClose.add(() -> narrow.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        var stalled = new Collector<SubscribeEventsRequest, EventEnvelope>(1);
        StreamGrpc.newStub(narrow).subscribeEvents(SubscribeEventsRequest.getDefaultInstance(), stalled);
        List<EventEnvelope> received = new ArrayList<>(stalled.take(1, WAIT));

        Thread.sleep(300);
        long readsWhileStalled = counter[0].receiptReads();
        Thread.sleep(300);
        assertEquals(readsWhileStalled, counter[0].receiptReads(), "the server keeps reading for a stalled client");
        assertTrue(readsWhileStalled < blocks / 5, "read " + readsWhileStalled + " of " + blocks
                + " blocks for a client that took one event: more than its window holds");

        await("the slow consumer to be closed", () -> node.service.subscriptions() == 0);
        stalled.request(Integer.MAX_VALUE);
        Status status = stalled.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode());
        assertEquals(StreamService.SLOW_CONSUMER, stalled.reason());
        received.addAll(stalled.items);
        assertTrue(received.size() < blocks * perBlock / 5, received.size() + " events were sent past the window");

        // Resuming from the last cursor it got, it receives the rest exactly once.
        var resumed = events(node, SubscribeEventsRequest.newBuilder().setFrom(received.getLast().getCursor()).build());
        received.addAll(resumed.take(blocks * perBlock - received.size(), WAIT));
        resumed.assertQuiet(QUIET);
        List<String> expected = new ArrayList<>();
        for (int h = 1; h <= blocks; h++) {
            for (int e = 0; e < perBlock; e++) {
                expected.add(h + ":0:" + e);
            }
        }
        assertEquals(expected, positions(received));
    }

    @Test
    void subscriptionsBeyondTheLimitAreRefusedUntilOneEnds() throws Exception {
        StreamFixture node = node("n1", StreamLimits.DEFAULT.withMaxSubscriptions(2), UnaryOperator.identity());
        var first = events(node, SubscribeEventsRequest.getDefaultInstance());
        var second = Collector.<SubscribeBlocksRequest, BlockEnvelope>automatic();
        StreamGrpc.newStub(node.channel).subscribeBlocks(SubscribeBlocksRequest.getDefaultInstance(), second);
        await("two subscriptions", () -> node.service.subscriptions() == 2);

        var refused = events(node, SubscribeEventsRequest.getDefaultInstance());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS).getCode());
        assertEquals(StreamService.TOO_MANY_SUBSCRIBERS, refused.reason());

        first.cancel();
        await("the cancelled subscription to be released", () -> node.service.subscriptions() == 1);
        var admitted = events(node, SubscribeEventsRequest.getDefaultInstance());
        node.commit(List.of(StreamFixture.attest(net, "after")));
        assertEquals(List.of("1:0:0"), positions(admitted.take(1, WAIT)));
        assertEquals(1, second.take(1, WAIT).size());
    }
}
