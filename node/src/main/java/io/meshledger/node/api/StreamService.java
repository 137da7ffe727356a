package io.meshledger.node.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.meshledger.node.storage.LedgerStore;
import io.meshledger.node.storage.StateStore;
import io.meshledger.proto.v1.BlockEnvelope;
import io.meshledger.proto.v1.EventEnvelope;
import io.meshledger.proto.v1.StreamGrpc;
import io.meshledger.proto.v1.SubscribeBlocksRequest;
import io.meshledger.proto.v1.SubscribeEventsRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The {@code Stream} service: committed blocks from a height, and events of
 * committed receipts strictly after a cursor, then live ones as blocks commit.
 * <p>
 * Exactly once across reconnects: every node holds the same blocks and
 * receipts, so a cursor {@code (height, tx index, event index)} names the same
 * event everywhere; a client that resubscribes with the last cursor (or height
 * + 1) it received, on any node, gets every later item once, in order. A node
 * behind the requested position simply waits until it catches up.
 * <p>
 * Flow control: items are read from the store only while the client's gRPC
 * window has room (see {@link Subscription}); a subscriber not ready for longer
 * than {@link StreamLimits#slowConsumer()} is closed with
 * {@code RESOURCE_EXHAUSTED}/{@value #SLOW_CONSUMER}, and subscriptions past
 * {@link StreamLimits#maxSubscriptions()} are refused with
 * {@value #TOO_MANY_SUBSCRIBERS}. All reading happens on this service's own
 * bounded thread pool; the commit path only signals it ({@link CommitFeed}).
 */
public final class StreamService extends StreamGrpc.StreamImplBase implements AutoCloseable {
    /** Reason of a subscriber closed for not reading. */
    public static final String SLOW_CONSUMER = "SLOW_CONSUMER";
    /** Reason of a subscription refused because the node serves its maximum already. */
    public static final String TOO_MANY_SUBSCRIBERS = "TOO_MANY_SUBSCRIBERS";

    private static final Logger log = LoggerFactory.getLogger(StreamService.class);

    private final LedgerStore ledger;
    private final StateStore state;
    private final ReadAccess access;
    private final CommitFeed feed;
    private final StreamLimits limits;
    private final ScheduledThreadPoolExecutor readers;
    private final Map<Long, Subscription<?>> subscriptions = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean fanOutPending = new AtomicBoolean();
    private final LongConsumer onCommit = height -> wakeAll();
    private volatile boolean closed;

    public StreamService(LedgerStore ledger, StateStore state, ReadAccess access, CommitFeed feed, StreamLimits limits) {
        this.ledger = ledger;
        this.state = state;
        this.access = access;
        this.feed = feed;
        this.limits = limits;
        AtomicInteger threads = new AtomicInteger();
        this.readers = new ScheduledThreadPoolExecutor(limits.readerThreads(), r -> {
            Thread t = new Thread(r, "stream-reader-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long sweepMs = Math.max(50, Math.min(1_000, limits.slowConsumer().toMillis() / 4));
        readers.scheduleWithFixedDelay(this::closeSlowConsumers, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
        feed.listen(onCommit);
    }

    @Override
    public void subscribeBlocks(SubscribeBlocksRequest request, StreamObserver<BlockEnvelope> response) {
        // Blocks are not filtered by read rights, but a malformed or expired auth still fails the call.
        if (request.hasAuth() && !authenticated(request.getAuth(), response)) {
            return;
        }
        open("blocks", (ServerCallStreamObserver<BlockEnvelope>) response, new BlockScan(ledger, request.getFromHeight()));
    }

    @Override
    public void subscribeEvents(SubscribeEventsRequest request, StreamObserver<EventEnvelope> response) {
        Reader reader;
        try {
            reader = access.reader(request.getAuth());
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        EventScan scan = new EventScan(ledger, state, request.hasFrom() ? request.getFrom() : null,
                EventFilter.of(request), event -> access.mayRead(reader, event), limits.blocksPerTurn());
        open("events", (ServerCallStreamObserver<EventEnvelope>) response, scan);
    }

    private boolean authenticated(io.meshledger.proto.v1.Transaction auth, StreamObserver<?> response) {
        try {
            access.reader(auth);
            return true;
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return false;
        }
    }

    private <T> void open(String kind, ServerCallStreamObserver<T> call, StreamSource<T> source) {
        if (closed) {
            call.onError(ErrorStatus.of(Status.Code.UNAVAILABLE, ErrorStatus.UNAVAILABLE,
                    "the node is shutting down; subscribe to another node"));
            return;
        }
        if (!reserveSlot()) {
            call.onError(ErrorStatus.of(Status.Code.RESOURCE_EXHAUSTED, TOO_MANY_SUBSCRIBERS,
                    "this node serves " + limits.maxSubscriptions() + " subscriptions already; retry later or "
                            + "subscribe to another node"));
            return;
        }
        long id = ids.incrementAndGet();
        Subscription<T> sub = new Subscription<>(kind + "#" + id, call, source, readers, limits.itemsPerTurn(), () -> {
            subscriptions.remove(id);
            open.decrementAndGet();
        });
        subscriptions.put(id, sub);
        log.debug("Subscription {}#{} opened at {}", kind, id, source.position());
        sub.start();
    }

    private boolean reserveSlot() {
        while (true) {
            int n = open.get();
            if (n >= limits.maxSubscriptions()) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** The number of subscriptions being served. */
    public int subscriptions() {
        return open.get();
    }

    /**
     * Runs on the ledger-writer thread for each commit: at most one fan-out task
     * is queued however fast blocks commit, and the fan-out runs on the readers.
     */
    private void wakeAll() {
        if (fanOutPending.compareAndSet(false, true)) {
            try {
                readers.execute(() -> {
                    fanOutPending.set(false);
                    subscriptions.values().forEach(Subscription::signal);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                fanOutPending.set(false);
            }
        }
    }

    private void closeSlowConsumers() {
        long now = System.nanoTime();
        subscriptions.values().forEach(s -> s.closeIfSlow(now, limits.slowConsumer()));
    }

    /**
     * Ends every subscription with UNAVAILABLE (clients resume elsewhere), refuses
     * new ones, and stops the reader threads. Call before the API server stops,
     * so running streams do not hold its graceful shutdown.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        feed.remove(onCommit);
        StatusRuntimeException bye = ErrorStatus.of(Status.Code.UNAVAILABLE, ErrorStatus.UNAVAILABLE,
                "the node is shutting down; resume from the last cursor received on another node");
        subscriptions.values().forEach(s -> s.close(bye));
        readers.shutdown();
        // A reader sends at most one page after its subscription ended; the node's whole stop must fit in 5 s.
        if (!readers.awaitTermination(1, TimeUnit.SECONDS)) {
            readers.shutdownNow();
        }
    }
}
