package io.meshledger.client;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ResumableSubscription} read as a blocking iterator: at most
 * {@code buffer} items are asked for ahead of the reader, and more only as it
 * takes them, so a slow reader slows the stream rather than filling memory.
 * {@link #hasNext()} blocks until an item arrives or the stream ends;
 * {@link #poll(Duration)} waits a bounded time. If the stream failed, the
 * failure is thrown (as {@link StreamFailedException}) once the items before it
 * are taken. Not thread-safe: one reader.
 *
 * @param <T> the item type
 */
public final class BlockingSubscription<T> implements Iterator<T>, AutoCloseable {
    private final BlockingQueue<Object> queue;
    private final ResumableSubscription<T> source;
    private final int refill;
    private Flow.Subscription subscription;
    private int takenSinceRequest;
    private Object head;
    private boolean ended;

    /** The stream's end, as the queue carries it after the last item. */
    private record End(Throwable error) {
    }

    BlockingSubscription(int buffer, ResumableSubscription<T> source) {
        if (buffer < 1) {
            throw new IllegalArgumentException("buffer must be positive, got " + buffer);
        }
        // One slot more than the demand for the end marker, so offering it never fails.
        this.queue = new ArrayBlockingQueue<>(buffer + 1);
        this.source = source;
        this.refill = Math.max(1, buffer / 2);
    }

    Flow.Subscriber<T> subscriber() {
        int initial = queue.remainingCapacity() - 1;
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(initial);
            }

            @Override
            public void onNext(T item) {
                queue.add(item);
            }

            @Override
            public void onError(Throwable error) {
                queue.add(new End(error));
            }

            @Override
            public void onComplete() {
                queue.add(new End(null));
            }
        };
    }

    /** Blocks until the next item or the end of the stream. */
    @Override
    public boolean hasNext() {
        try {
            return fill(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamFailedException("interrupted while waiting for the stream", e);
        }
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream ended");
        }
        return take();
    }

    /** The next item if one arrives within {@code timeout}; empty on timeout or at the end of the stream. */
    public Optional<T> poll(Duration timeout) throws InterruptedException {
        return fill(timeout.toNanos()) ? Optional.of(take()) : Optional.empty();
    }

    /** Whether the stream has ended (all its items taken). */
    public boolean ended() {
        return ended;
    }

    /** The stream this iterator reads (for its endpoint, position and reconnections). */
    public ResumableSubscription<T> source() {
        return source;
    }

    private boolean fill(long timeoutNanos) throws InterruptedException {
        if (head == null && !ended) {
            head = timeoutNanos == Long.MAX_VALUE ? queue.take() : queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        if (head instanceof End end) {
            head = null;
            ended = true;
            if (end.error() != null) {
                throw new StreamFailedException(end.error());
            }
        }
        return head != null;
    }

    @SuppressWarnings("unchecked")
    private T take() {
        T item = (T) head;
        head = null;
        if (++takenSinceRequest >= refill) {
            subscription.request(takenSinceRequest);
            takenSinceRequest = 0;
        }
        return item;
    }

    /** Stops the stream. */
    @Override
    public void close() {
        source.close();
    }
}
