package io.meshledger.node.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * Tells interested parties (the stream service) that the ledger grew. The
 * commit path calls {@link #committed} on the ledger-writer thread after each
 * block is durable, so listeners must return at once: they may flip a flag or
 * hand work to their own executor, never read the store or block.
 */
public final class CommitFeed {
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener called with each newly durable height; it must not block. */
    public void listen(LongConsumer listener) {
        listeners.add(listener);
    }

    public void remove(LongConsumer listener) {
        listeners.remove(listener);
    }

    /** Called by the commit path once block {@code height} is durable. */
    public void committed(long height) {
        for (LongConsumer l : listeners) {
            l.accept(height);
        }
    }
}
