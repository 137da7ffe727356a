package io.meshledger.node.mempool;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admitted transactions waiting for a block, bounded by count and bytes, in
 * arrival order. Proposers {@link #select} from the front without removing:
 * a transaction leaves only when a block holding it commits (or it expires),
 * so a failed proposal loses nothing. Thread-safe; every operation holds one
 * short lock.
 */
public final class Mempool {
    private final int capacity;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    /** Pending, in arrival order. */
    private final LinkedHashMap<Hash, Entry> queue = new LinkedHashMap<>();
    private long bytes;

    /** {@code admittedNanos}: {@link System#nanoTime} when it was added, for the commit latency metric. */
    private record Entry(SignedTransaction tx, int size, long admittedNanos) {
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

    /** Adds at the back of the queue unless the id is pending or the pool is full. */
    public AddOutcome add(SignedTransaction tx, int size) {
        lock.lock();
        try {
            if (queue.containsKey(tx.id())) {
                return AddOutcome.DUPLICATE;
            }
            if (queue.size() >= capacity || bytes + size > maxBytes) {
                return AddOutcome.FULL;
            }
            queue.put(tx.id(), new Entry(tx, size, System.nanoTime()));
            bytes += size;
            return AddOutcome.ADDED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether exactly this transaction (same id and same signature bytes) is
     * pending: its signature was verified when it was admitted. A copy with
     * the same id but other signature bytes is a different, unverified thing.
     */
    public boolean containsVerified(SignedTransaction tx) {
        lock.lock();
        try {
            Entry e = queue.get(tx.id());
            return e != null && e.tx().signature().equals(tx.signature());
        } finally {
            lock.unlock();
        }
    }

    public boolean contains(Hash id) {
        lock.lock();
        try {
            return queue.containsKey(id);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code maxCount} transactions and {@code maxBatchBytes} bytes from the
     * front of the queue, in arrival order, skipping {@code excluded} (those
     * already in uncommitted blocks). The first eligible transaction is always
     * taken, so a batch is never empty while eligible transactions wait.
     */
    public List<SignedTransaction> select(int maxCount, long maxBatchBytes, Set<Hash> excluded) {
        lock.lock();
        try {
            List<SignedTransaction> out = new ArrayList<>(Math.min(maxCount, queue.size()));
            long taken = 0;
            for (Map.Entry<Hash, Entry> e : queue.entrySet()) {
                if (out.size() >= maxCount) {
                    break;
                }
                if (excluded.contains(e.getKey())) {
                    continue;
                }
                if (taken + e.getValue().size() > maxBatchBytes && !out.isEmpty()) {
                    break;
                }
                taken += e.getValue().size();
                out.add(e.getValue().tx());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops committed transactions. Returns when each of those that were
     * pending here was added ({@link System#nanoTime}), so the caller can
     * measure how long they waited; transactions this pool never held (came
     * in a peer's block) are not in it.
     */
    public long[] removeCommitted(Collection<Hash> ids) {
        long[] admitted = new long[ids.size()];
        int n = 0;
        lock.lock();
        try {
            for (Hash id : ids) {
                Entry e = queue.remove(id);
                if (e != null) {
                    bytes -= e.size();
                    admitted[n++] = e.admittedNanos();
                }
            }
        } finally {
            lock.unlock();
        }
        return n == admitted.length ? admitted : Arrays.copyOf(admitted, n);
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

    /** Pending transactions. */
    public int size() {
        lock.lock();
        try {
            return queue.size();
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
