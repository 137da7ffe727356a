package io.meshledger.client;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.meshledger.proto.v1.AdminGrpc;
import io.meshledger.proto.v1.BlockEnvelope;
import io.meshledger.proto.v1.EventEnvelope;
import io.meshledger.proto.v1.StatusRequest;
import io.meshledger.proto.v1.SubscribeEventsRequest;
import io.meshledger.proto.v1.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stream of events or blocks that survives its node: when the connection
 * drops, the node goes away or closes the stream (e.g. as a slow consumer), it
 * resubscribes to the next endpoint strictly after the last item it delivered.
 * Every node stores the same ledger, so the items seen are exactly those of one
 * uninterrupted stream: in order, none missing, none twice.
 * <p>
 * It is a {@link Flow.Publisher} for one subscriber, honouring its demand:
 * items are asked of the node only as the subscriber requests them, so a slow
 * subscriber holds the node back instead of filling memory. {@link #iterator()}
 * offers the same as a blocking iterator. Errors that another node would answer
 * the same way (a malformed request, refused credentials) end the stream with
 * that error; so do {@link StreamOptions#maxFailedAttempts()} failed
 * connections in a row. Signals to the subscriber come from gRPC threads, one
 * at a time.
 *
 * @param <T> {@link EventEnvelope} or {@link BlockEnvelope}
 */
public final class ResumableSubscription<T> implements Flow.Publisher<T>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResumableSubscription.class);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);
    /** Answers another node would repeat: retrying elsewhere cannot help. */
    private static final Set<Status.Code> FINAL = Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.UNAUTHENTICATED,
            Status.Code.PERMISSION_DENIED, Status.Code.UNIMPLEMENTED, Status.Code.NOT_FOUND, Status.Code.OUT_OF_RANGE);

    private final StreamProtocol<?, T> protocol;
    private final StreamOptions options;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ScheduledExecutorService reconnects;

    // Guarded by this.
    private Flow.Subscriber<? super T> subscriber;
    private long demand;
    /** Demand that arrived while no call was started: asked of the next call once it starts. */
    private long unforwarded;
    private ClientCallStreamObserver<?> call;
    private long generation;
    private int endpoint;
    private int failures;
    private T last;
    private boolean done;
    private long reconnections;

    private ResumableSubscription(StreamProtocol<?, T> protocol, StreamOptions options) {
        this.protocol = protocol;
        this.options = options;
        for (LedgerClient.Endpoint e : options.endpoints()) {
            channels.add(NettyChannelBuilder.forAddress(e.host(), e.port()).usePlaintext()
                    .maxInboundMessageSize(64 << 20).build());
        }
        this.reconnects = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meshledger-stream-reconnect");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Events matching {@code filter}'s contract, type, key prefix and dataset,
     * strictly after its {@code from} cursor (unset: from the first event).
     */
    public static ResumableSubscription<EventEnvelope> events(StreamOptions options, SubscribeEventsRequest filter) {
        return new ResumableSubscription<>(new StreamProtocol.Events(filter.toBuilder().clearAuth().build()), options);
    }

    /** Committed blocks from {@code fromHeight} (0 or 1: from the first), then live ones. */
    public static ResumableSubscription<BlockEnvelope> blocks(StreamOptions options, long fromHeight) {
        return new ResumableSubscription<>(new StreamProtocol.Blocks(fromHeight), options);
    }

    /** Subscribes the one subscriber this stream serves; a second is refused with {@link IllegalStateException}. */
    @Override
    public void subscribe(Flow.Subscriber<? super T> s) {
        synchronized (this) {
            if (subscriber != null) {
                s.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                s.onError(new IllegalStateException("a resumable subscription serves one subscriber"));
                return;
            }
            subscriber = s;
        }
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                demand(n);
            }

            @Override
            public void cancel() {
                close();
            }
        });
        schedule(Duration.ZERO);
    }

    /** A blocking view: buffers up to {@code buffer} items ahead of the reader. */
    public BlockingSubscription<T> iterator(int buffer) {
        BlockingSubscription<T> it = new BlockingSubscription<>(buffer, this);
        subscribe(it.subscriber());
        return it;
    }

    /** A blocking view buffering up to 256 items. */
    public BlockingSubscription<T> iterator() {
        return iterator(256);
    }

    /** The endpoint the stream reads from now (or will try next). */
    public synchronized LedgerClient.Endpoint currentEndpoint() {
        return options.endpoints().get(endpoint);
    }

    /** How many times the stream reconnected after a failure. */
    public synchronized long reconnections() {
        return reconnections;
    }

    /** The position of the last item delivered ({@code height:tx:event} or a height); empty before the first. */
    public synchronized String position() {
        return last == null ? "" : protocol.positionOf(last);
    }

    /**
     * Drops the current connection as if it had failed: the stream resumes on the
     * next endpoint after the last item delivered. For operators moving readers
     * off a node, and for tests.
     */
    public void reconnect() {
        ClientCallStreamObserver<?> c;
        synchronized (this) {
            c = call;
        }
        if (c != null) {
            c.cancel("reconnecting to another node", null);
        }
    }

    private void demand(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException("Flow rule 3.9: request(" + n + ") must ask for a positive number"));
            return;
        }
        ClientCallStreamObserver<?> c;
        long added;
        synchronized (this) {
            long before = demand;
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            added = demand - before;
            c = call;
            if (c == null) {
                unforwarded += added;
            }
        }
        if (c != null && added > 0) {
            c.request((int) Math.min(Integer.MAX_VALUE, added));
        }
    }

    private void schedule(Duration delay) {
        try {
            reconnects.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile.
        }
    }

    private void connect() {
        int index;
        T after;
        long gen;
        synchronized (this) {
            if (done) {
                return;
            }
            index = endpoint;
            after = last;
            gen = ++generation;
        }
        ManagedChannel channel = channels.get(index);
        Transaction auth = null;
        try {
            if (options.authoriser() != null) {
                long tip = AdminGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .status(StatusRequest.getDefaultInstance()).getHeight();
                auth = options.authoriser().authorise(tip);
            }
        } catch (StatusRuntimeException e) {
            failed(gen, e);
            return;
        }
        try {
            start(channel, protocol, after, auth, gen);
        } catch (RuntimeException e) {
            failed(gen, e);
        }
    }

    private <Q> void start(ManagedChannel channel, StreamProtocol<Q, T> p, T after, Transaction auth, long gen) {
        @SuppressWarnings("unchecked")
        ClientCallStreamObserver<Q>[] started = new ClientCallStreamObserver[1];
        ClientCalls.asyncServerStreamingCall(channel.newCall(p.method(), CallOptions.DEFAULT), p.request(after, auth),
                new ClientResponseObserver<Q, T>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
                        // The call is not started yet: gRPC asks for this initial demand once it is.
                        int ask;
                        synchronized (ResumableSubscription.this) {
                            ask = (int) Math.min(Integer.MAX_VALUE, demand);
                            unforwarded = 0;
                        }
                        requestStream.disableAutoRequestWithInitial(ask);
                        started[0] = requestStream;
                    }

                    @Override
                    public void onNext(T item) {
                        delivered(gen, item);
                    }

                    @Override
                    public void onError(Throwable t) {
                        failed(gen, t);
                    }

                    @Override
                    public void onCompleted() {
                        // Servers never end a stream on their own accord but when shutting down: resume elsewhere.
                        failed(gen, Status.UNAVAILABLE.withDescription("the node ended the stream").asRuntimeException());
                    }
                });
        long extra;
        synchronized (this) {
            if (gen != generation || done) {
                started[0].cancel("superseded", null);
                return;
            }
            call = started[0];
            extra = unforwarded;
            unforwarded = 0;
        }
        if (extra > 0) {
            started[0].request((int) Math.min(Integer.MAX_VALUE, extra));
        }
    }

    private void delivered(long gen, T item) {
        Flow.Subscriber<? super T> s;
        synchronized (this) {
            if (gen != generation || done) {
                return;
            }
            last = item;
            failures = 0;
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            s = subscriber;
        }
        s.onNext(item);
    }

    private void failed(long gen, Throwable error) {
        Duration wait;
        Throwable terminal = null;
        synchronized (this) {
            if (gen != generation || done) {
                return;
            }
            call = null;
            if (FINAL.contains(Status.fromThrowable(error).getCode())) {
                terminal = error;
            } else if (++failures >= options.maxFailedAttempts()) {
                terminal = new IllegalStateException(failures + " connections in a row failed; last: "
                        + describe(error), error);
            }
            if (terminal == null) {
                log.debug("Stream from {} ended ({}); resuming after {} on the next node",
                        options.endpoints().get(endpoint), describe(error),
                        last == null ? "the start" : protocol.positionOf(last));
                endpoint = (endpoint + 1) % options.endpoints().size();
                reconnections++;
            }
            // The first retry is immediate (another node is likely fine); then back off.
            wait = failures <= 1 ? Duration.ZERO
                    : min(options.firstRetry().multipliedBy(1L << Math.min(20, failures - 1)), options.maxRetry());
        }
        if (terminal != null) {
            fail(terminal);
        } else {
            schedule(wait);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String describe(Throwable error) {
        String d = ErrorDetails.describe(error);
        return d != null ? d : error.toString();
    }

    private void fail(Throwable error) {
        end(s -> s.onError(error));
    }

    /** Ends the stream: the subscriber (if any) is completed, connections are closed. Idempotent. */
    @Override
    public void close() {
        end(Flow.Subscriber::onComplete);
    }

    /** Ends the stream once: closes the connections, then tells the subscriber (if any) how it ended. */
    private void end(java.util.function.Consumer<Flow.Subscriber<? super T>> tell) {
        Flow.Subscriber<? super T> s;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            s = subscriber;
        }
        shutdown();
        if (s != null) {
            tell.accept(s);
        }
    }

    private void shutdown() {
        ClientCallStreamObserver<?> c;
        synchronized (this) {
            c = call;
            call = null;
        }
        if (c != null) {
            c.cancel("subscription closed", null);
        }
        reconnects.shutdownNow();
        channels.forEach(ManagedChannel::shutdownNow);
    }
}
