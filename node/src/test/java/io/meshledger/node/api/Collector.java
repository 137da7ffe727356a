package io.meshledger.node.api;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The client end of one subscription in tests: collects items, remembers how the
 * call ended, can cancel it, and with manual flow control asks for items only
 * when told to (a client that stops reading).
 */
final class Collector<Q, T> implements ClientResponseObserver<Q, T> {
    final LinkedBlockingQueue<T> items = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> closed = new CompletableFuture<>();
    /** The error the call ended with, if it did; carries the status details (reason code). */
    volatile Throwable error;
    private final int initialRequest;
    private volatile ClientCallStreamObserver<Q> call;

    /** @param initialRequest items to ask for up front; negative for automatic flow control */
    Collector(int initialRequest) {
        this.initialRequest = initialRequest;
    }

    static <Q, T> Collector<Q, T> automatic() {
        return new Collector<>(-1);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        this.call = requestStream;
        if (initialRequest >= 0) {
            requestStream.disableAutoRequestWithInitial(initialRequest);
        }
    }

    @Override
    public void onNext(T value) {
        items.add(value);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        closed.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        closed.complete(Status.OK);
    }

    /** The stable reason code the call ended with; null while open or for transport errors. */
    String reason() {
        return error == null ? null : io.meshledger.client.LedgerClient.reasonOf(error);
    }

    void request(int n) {
        call.request(n);
    }

    void cancel() {
        call.cancel("test client leaves", null);
    }

    /** The next {@code n} items, failing if they do not all arrive within {@code timeout}. */
    List<T> take(int n, Duration timeout) throws InterruptedException {
        List<T> out = new ArrayList<>(n);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n) {
            T item = items.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (item == null) {
                throw new AssertionError("got " + out.size() + " of " + n + " items within " + timeout
                        + (closed.isDone() ? "; the call closed with " + closed.join() : ""));
            }
            out.add(item);
        }
        return out;
    }

    /** Asserts nothing more arrives within {@code quiet}. */
    void assertQuiet(Duration quiet) throws InterruptedException {
        T extra = items.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        if (extra != null) {
            throw new AssertionError("unexpected item " + extra);
        }
    }
}
