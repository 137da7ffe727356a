package io.meshledger.node.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscriber's stream, pulled from its source only while gRPC says the
 * client can take more ({@link ServerCallStreamObserver#isReady()}): nothing is
 * queued per subscriber beyond the transport's flow-control window, and a
 * stalled client stops all reading for it.
 * <p>
 * Threading: every call on the response observer happens in {@link #drain},
 * and drains of one subscription never overlap: {@link #signal} counts wake-ups
 * and only the 0→1 transition submits a drain, which re-runs while wake-ups
 * arrived during it. Commits, readiness changes, cancellation and closing only
 * signal. A drain sends at most a turn's worth of items, then yields its thread
 * to the other subscribers.
 */
final class Subscription<T> {
    private static final Logger log = LoggerFactory.getLogger(Subscription.class);
    private static final long READY = Long.MIN_VALUE;

    private final String name;
    private final ServerCallStreamObserver<T> call;
    private final StreamSource<T> source;
    private final Executor executor;
    private final int itemsPerTurn;
    private final Runnable onFinished;
    private final AtomicInteger wakeups = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    /** System.nanoTime() when a drain last found the client not ready and it has not been ready since; READY otherwise. */
    private volatile long notReadySince = READY;
    private volatile StatusRuntimeException closeWith;
    private volatile long sent;
    private boolean terminated;

    private enum Turn { IDLE, YIELD }

    /**
     * @param onFinished called once, from any thread, when the subscription ends (to release its slot)
     */
    Subscription(String name, ServerCallStreamObserver<T> call, StreamSource<T> source, Executor executor,
                 int itemsPerTurn, Runnable onFinished) {
        this.name = name;
        this.call = call;
        this.source = source;
        this.executor = executor;
        this.itemsPerTurn = itemsPerTurn;
        this.onFinished = onFinished;
    }

    /** Hooks readiness and cancellation; must run in the gRPC service method, before it returns. */
    void start() {
        call.setOnReadyHandler(() -> {
            notReadySince = READY;
            signal();
        });
        call.setOnCancelHandler(() -> {
            finish();
            signal();
        });
        signal();
    }

    /** Something may have changed (a commit, readiness, a close request): drain again soon. Never blocks. */
    void signal() {
        if (wakeups.getAndIncrement() == 0) {
            submit();
        }
    }

    /** Ends the stream with {@code status} at its next drain (from any thread). */
    void close(StatusRuntimeException status) {
        if (closeWith == null) {
            closeWith = status;
        }
        signal();
    }

    /** Closes the subscriber with SLOW_CONSUMER if it has been not-ready for longer than {@code limit}. */
    void closeIfSlow(long nowNanos, Duration limit) {
        long since = notReadySince;
        if (since != READY && nowNanos - since > limit.toNanos() && closeWith == null) {
            log.info("Closing {} subscriber: not ready for over {} s after {} items (at {})", name,
                    limit.toSeconds(), sent, source.position());
            close(ErrorStatus.of(Status.Code.RESOURCE_EXHAUSTED, StreamService.SLOW_CONSUMER,
                    "the subscriber read nothing for over " + limit.toMillis() + " ms; resubscribe from the last "
                            + "cursor (or height) received to resume without gaps"));
        }
    }

    boolean finished() {
        return finished.get();
    }

    private void submit() {
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            // The service is shutting down; the server cancels the call as it stops.
            finish();
        }
    }

    private void run() {
        int seen = wakeups.get();
        Turn turn;
        try {
            turn = drain();
        } catch (RuntimeException e) {
            log.warn("{} subscription failed at {}: {}", name, source.position(), e.toString());
            fail(ErrorStatus.of(Status.Code.UNAVAILABLE, ErrorStatus.UNAVAILABLE,
                    "this node cannot serve the stream now (" + e.getMessage() + "); resume from the last cursor "
                            + "received, here or on another node"));
            return;
        }
        if (turn == Turn.YIELD) {
            submit();
        } else if (wakeups.addAndGet(-seen) != 0) {
            submit();
        }
    }

    private Turn drain() {
        if (terminated) {
            return Turn.IDLE;
        }
        StatusRuntimeException close = closeWith;
        if (close != null) {
            fail(close);
            return Turn.IDLE;
        }
        if (call.isCancelled()) {
            terminated = true;
            finish();
            return Turn.IDLE;
        }
        for (int count = 0; ; count++) {
            if (!call.isReady()) {
                if (notReadySince == READY) {
                    notReadySince = System.nanoTime();
                }
                return Turn.IDLE;
            }
            notReadySince = READY;
            if (count == itemsPerTurn) {
                return Turn.YIELD;
            }
            switch (source.next()) {
                case Poll.Item<T> item -> {
                    call.onNext(item.value());
                    sent++;
                }
                case Poll.CaughtUp<T> caughtUp -> {
                    return Turn.IDLE;
                }
                case Poll.Scanned<T> scanned -> {
                    return Turn.YIELD;
                }
            }
        }
    }

    private void fail(StatusRuntimeException status) {
        terminated = true;
        finish();
        try {
            call.onError(status);
        } catch (IllegalStateException e) {
            // Already closed by the transport (cancelled); nothing left to tell.
            log.debug("{} subscription already closed: {}", name, e.toString());
        }
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) {
            onFinished.run();
        }
    }
}
