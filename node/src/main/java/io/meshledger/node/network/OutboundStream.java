package io.meshledger.node.network;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.meshledger.proto.peer.v1.Ack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One long-lived client stream to one peer, fed from a bounded queue.
 *
 * <p>{@link #offer} never blocks: when the queue is full, in messages or in
 * bytes, the oldest message is dropped and counted (a newer consensus message
 * is worth more than a stale one). Messages are written only while the stream is ready (gRPC flow
 * control), so a slow or absent peer costs at most {@code capacity} messages of
 * memory. When the stream fails or ends it is reopened after a back-off; the
 * back-off resets once a stream has stayed up for {@code stableAfter}.
 *
 * <p>Threading: all stream state is touched on the {@link Reconnection}
 * scheduler thread, which is also the channel's callback executor; only the
 * queue and counters are shared with callers.
 */
final class OutboundStream {
    private static final Logger log = LoggerFactory.getLogger(OutboundStream.class);

    private final String name;
    private final ManagedChannel channel;
    private final MethodDescriptor<byte[], Ack> method;
    private final Reconnection reconnection;
    private final StreamListener listener;
    private final BlockingQueue<byte[]> queue;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder attempts = new LongAdder();
    private volatile boolean closed;
    private volatile Attempt current;
    private int failures;

    OutboundStream(String name, ManagedChannel channel, MethodDescriptor<byte[], Ack> method, QueueLimits limits,
                   Reconnection reconnection, StreamListener listener) {
        this.name = name;
        this.channel = channel;
        this.method = method;
        this.reconnection = reconnection;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(limits.messages());
        this.maxQueuedBytes = limits.bytes();
    }

    void start() {
        execute(this::connect);
    }

    /** Queues a message; never blocks. Returns false when a message (an older one or this one) was dropped. */
    boolean offer(byte[] message) {
        if (closed) {
            dropped.increment();
            return false;
        }
        boolean lost = false;
        queuedBytes.addAndGet(message.length);
        boolean queued = queue.offer(message);
        for (int i = 0; i < 4 && !queued; i++) {
            lost |= dropOldest();
            queued = queue.offer(message);
        }
        if (!queued) {
            queuedBytes.addAndGet(-message.length);
            dropped.increment();
            lost = true;
        }
        while (queuedBytes.get() > maxQueuedBytes && dropOldest()) {
            lost = true;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            execute(this::drain);
        }
        return !lost;
    }

    private boolean dropOldest() {
        byte[] oldest = queue.poll();
        if (oldest == null) {
            return false;
        }
        queuedBytes.addAndGet(-oldest.length);
        dropped.increment();
        return true;
    }

    boolean isOpen() {
        Attempt a = current;
        return a != null && a.ready;
    }

    long sent() {
        return sent.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    int queued() {
        return queue.size();
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    long attempts() {
        return attempts.sum();
    }

    /** Half-closes the open stream, so the peer sees a clean end; queued messages are discarded. */
    void close() {
        closed = true;
        execute(() -> {
            Attempt a = current;
            current = null;
            queue.clear();
            queuedBytes.set(0);
            if (a != null && a.requestStream != null) {
                a.requestStream.onCompleted();
            }
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        attempts.increment();
        channel.resetConnectBackoff();
        Attempt a = new Attempt();
        current = a;
        ClientCalls.asyncClientStreamingCall(channel.newCall(method, CallOptions.DEFAULT), a);
    }

    private void drain() {
        drainScheduled.set(false);
        Attempt a = current;
        if (a == null || !a.ready) {
            return;
        }
        byte[] message;
        while (a.requestStream.isReady() && (message = queue.poll()) != null) {
            queuedBytes.addAndGet(-message.length);
            a.requestStream.onNext(message);
            sent.increment();
        }
    }

    private void onReady(Attempt a) {
        if (a != current) {
            return;
        }
        if (!a.ready) {
            a.ready = true;
            a.readySince = System.nanoTime();
            log.debug("{}: stream open", name);
            listener.opened();
        }
        drain();
    }

    private void ended(Attempt a, Status status) {
        if (a != current) {
            return;
        }
        current = null;
        if (closed) {
            return;
        }
        boolean wasStable = a.ready && System.nanoTime() - a.readySince >= reconnection.stableAfter().toNanos();
        failures = wasStable ? 0 : failures + 1;
        Duration delay = reconnection.backoff().delay(failures - 1, reconnection.random());
        if (a.ready) {
            log.debug("{}: stream ended ({}), reconnecting in {} ms", name, describe(status), delay.toMillis());
        } else {
            log.debug("{}: cannot open stream ({}), retrying in {} ms", name, describe(status), delay.toMillis());
        }
        listener.ended(describe(status), a.ready);
        try {
            reconnection.scheduler().schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("{}: not reconnecting, shutting down", name);
        }
    }

    private static String describe(Status status) {
        return status.getDescription() == null ? status.getCode().name()
                : status.getCode() + ": " + status.getDescription();
    }

    private void execute(Runnable task) {
        try {
            reconnection.scheduler().execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("{}: dropped a task after shutdown", name);
        }
    }

    /** One attempt at a stream; callbacks from an attempt that is no longer current are ignored. */
    private final class Attempt implements ClientResponseObserver<byte[], Ack> {
        private ClientCallStreamObserver<byte[]> requestStream;
        private volatile boolean ready;
        private long readySince;

        @Override
        public void beforeStart(ClientCallStreamObserver<byte[]> stream) {
            this.requestStream = stream;
            stream.setOnReadyHandler(() -> onReady(this));
        }

        @Override
        public void onNext(Ack ack) {
        }

        @Override
        public void onError(Throwable t) {
            ended(this, Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            ended(this, Status.OK.withDescription("peer ended the stream"));
        }
    }
}
