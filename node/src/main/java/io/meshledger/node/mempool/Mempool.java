package io.meshledger.node.mempool;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admitted transactions waiting for a block, bounded by count and bytes.
 * Transactions leave for proposals in arrival order; while proposed they stay
 * "in flight" (still counted, still duplicates) until committed or handed back.
 * Thread-safe; every operation holds one short lock.
 */
public final class Mempool {
    private final int capacity;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    /** Pending, in arrival order. */
    private final LinkedHashMap<Hash, Entry> queue = new LinkedHashMap<>();
    /** Taken for a proposal, not yet committed. */
    private final Map<Hash, Entry> inFlight = new LinkedHashMap<>();
    private long bytes;

    private record Entry(SignedTransaction tx, int size) {
    }

    /** Outcome of {@link #add}. */
    public enum AddOutcome { ADDED, DUPLICATE, FULL }

    public Mempool(int capacity, long maxBytes) {
        if (capacity < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("capacity and maxBytes must be positive, got " + capacity + ", " + maxBytes);
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** Adds at the back of the queue unless the id is known or the pool is full. */
    public AddOutcome add(SignedTransaction tx, int size) {
        lock.lock();
        try {
            if (queue.containsKey(tx.id()) || inFlight.containsKey(tx.id())) {
                return AddOutcome.DUPLICATE;
            }
            if (queue.size() + inFlight.size() >= capacity || bytes + size > maxBytes) {
                return AddOutcome.FULL;
            }
            queue.put(tx.id(), new Entry(tx, size));
            bytes += size;
            return AddOutcome.ADDED;
        } finally {
            lock.unlock();
        }
    }

    public boolean contains(Hash id) {
        lock.lock();
        try {
            return queue.containsKey(id) || inFlight.containsKey(id);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes up to {@code maxCount} transactions and {@code maxBytes} bytes from the
     * front of the queue, in arrival order, and marks them in flight.
     */
    public List<SignedTransaction> nextBatch(int maxCount, long maxBatchBytes) {
        lock.lock();
        try {
            List<SignedTransaction> out = new ArrayList<>(Math.min(maxCount, queue.size()));
            long taken = 0;
            Iterator<Map.Entry<Hash, Entry>> it = queue.entrySet().iterator();
            while (it.hasNext() && out.size() < maxCount) {
                Map.Entry<Hash, Entry> e = it.next();
                if (taken + e.getValue().size() > maxBatchBytes && !out.isEmpty()) {
                    break;
                }
                taken += e.getValue().size();
                out.add(e.getValue().tx());
                inFlight.put(e.getKey(), e.getValue());
                it.remove();
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Drops committed transactions wherever they are. */
    public void removeCommitted(Collection<Hash> ids) {
        lock.lock();
        try {
            for (Hash id : ids) {
                Entry e = queue.remove(id);
                if (e == null) {
                    e = inFlight.remove(id);
                }
                if (e != null) {
                    bytes -= e.size();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts in-flight transactions whose proposal failed back at the front of the
     * queue, keeping their original order.
     */
    public void returnUncommitted(List<SignedTransaction> txs) {
        lock.lock();
        try {
            LinkedHashMap<Hash, Entry> front = new LinkedHashMap<>();
            for (SignedTransaction tx : txs) {
                Entry e = inFlight.remove(tx.id());
                if (e != null) {
                    front.put(tx.id(), e);
                }
            }
            front.putAll(queue);
            queue.clear();
            queue.putAll(front);
        } finally {
            lock.unlock();
        }
    }

    /** Drops pending transactions that can no longer be committed after {@code committedHeight}. */
    public int evictExpired(long committedHeight) {
        lock.lock();
        try {
            int evicted = 0;
            Iterator<Entry> it = queue.values().iterator();
            while (it.hasNext()) {
                Entry e = it.next();
                if (e.tx().decoded().expiryHeight() <= committedHeight) {
                    it.remove();
                    bytes -= e.size();
                    evicted++;
                }
            }
            return evicted;
        } finally {
            lock.unlock();
        }
    }

    /** Pending plus in-flight transactions. */
    public int size() {
        lock.lock();
        try {
            return queue.size() + inFlight.size();
        } finally {
            lock.unlock();
        }
    }

    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }
}
