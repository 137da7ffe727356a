package io.meshledger.node.mempool;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.SignedTransaction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Admitted transactions waiting for a block, bounded by count and bytes, in
 * arrival order. Proposers {@link #select} from the front without removing:
 * a transaction leaves only when a block holding it commits (or it expires),
 * so a failed proposal loses nothing. Thread-safe; every operation holds one
 * short lock.
 *
 * <p>Co-verification: a transaction another validator forwards may wait here
 * unverified, vouched for by that validator. It is trusted (not verified again
 * in a proposal) once this node verified it or {@code verificationsNeeded}
 * distinct other validators vouched for it: with {@code f + 1} of them at
 * least one is honest. It is proposed once {@code verificationsNeeded}
 * validators, this node included, verified it, so the peers that must vote on
 * the proposal already trust it; or, when vouches do not come (a peer is
 * down), once this node verified it and it waited {@code vouchWait}.
 */
public final class Mempool {
    private final int capacity;
    private final long maxBytes;
    private final int verificationsNeeded;
    private final long vouchWaitNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    /** Pending, in arrival order. */
    private final LinkedHashMap<Hash, Entry> queue = new LinkedHashMap<>();
    /**
     * Pending but in a block consensus committed, until the ledger appends it:
     * out of the queue, so that proposals do not walk past them. While
     * execution lags, these are most of the pool's front; every proposal
     * skipped them one by one.
     */
    private final HashMap<Hash, Entry> committing = new HashMap<>();
    /**
     * Ids in blocks consensus committed that this pool did not hold then, until
     * the ledger appends their blocks: one still being admitted (or forwarded
     * again) must not join the queue, or this node would propose a transaction
     * its block already commits, and the others would reject the proposal.
     */
    private final HashSet<Hash> committingNotHeld = new HashSet<>();
    /** Signed ids ({@link SignedTransaction#signedId}) of pending transactions that still count vouches. */
    private final HashMap<Hash, Entry> bySignedId = new HashMap<>();
    private final EarlyVouches early;
    private long bytes;

    /** A pending transaction; its mutable parts change under the pool's lock only. */
    private static final class Entry {
        final SignedTransaction tx;
        final Hash signedId;
        final int size;
        /** {@link System#nanoTime} when it was added, for the commit latency metric and the vouch wait. */
        final long admittedNanos;
        boolean verifiedHere;
        /** Other validators that vouched for exactly this signed copy. */
        final Set<IdentityId> vouchers = new HashSet<>(4);

        Entry(SignedTransaction tx, Hash signedId, int size, long admittedNanos, boolean verifiedHere) {
            this.tx = tx;
            this.signedId = signedId;
            this.size = size;
            this.admittedNanos = admittedNanos;
            this.verifiedHere = verifiedHere;
        }

        boolean trusted(int needed) {
            return verifiedHere || vouchers.size() >= needed;
        }

        boolean fullyVouched(int needed) {
            return vouchers.size() + (verifiedHere ? 1 : 0) >= needed;
        }
    }

    /** Outcome of {@link #add}. */
    public enum AddOutcome { ADDED, DUPLICATE, FULL }

    /** A pool where this node's own verification is all a transaction needs (a single validator, or tests). */
    public Mempool(int capacity, long maxBytes) {
        this(capacity, maxBytes, 1, Duration.ZERO, System::nanoTime);
    }

    /**
     * @param verificationsNeeded how many validators must have verified a transaction ({@code f + 1})
     * @param vouchWait           how long a transaction verified here waits for vouches before it is proposed anyway
     * @param nanoTime            the clock of {@code vouchWait} and of admission times
     */
    public Mempool(int capacity, long maxBytes, int verificationsNeeded, Duration vouchWait, LongSupplier nanoTime) {
        if (capacity < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("capacity and maxBytes must be positive, got " + capacity + ", " + maxBytes);
        }
        if (verificationsNeeded < 1) {
            throw new IllegalArgumentException("verificationsNeeded must be >= 1, got " + verificationsNeeded);
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.verificationsNeeded = verificationsNeeded;
        this.vouchWaitNanos = vouchWait.toNanos();
        this.nanoTime = nanoTime;
        this.early = new EarlyVouches(Math.max(2, Math.min(capacity, 1 << 16)));
    }

    /** Adds, verified by this node, at the back of the queue unless the id is pending or the pool is full. */
    public AddOutcome add(SignedTransaction tx, int size) {
        return insert(tx, size, true, null);
    }

    /**
     * Adds a transaction validator {@code from} verified and forwarded; {@code verifiedHere} when this node
     * verified its signature too. Vouches that arrived before it count.
     */
    public AddOutcome addForwarded(SignedTransaction tx, int size, IdentityId from, boolean verifiedHere) {
        return insert(tx, size, verifiedHere, from);
    }

    /**
     * Whether a transaction of {@code size} bytes would fit now. Admission asks
     * before verifying; an add can still find the pool full, when others filled
     * it meanwhile.
     */
    public boolean hasRoomFor(int size) {
        lock.lock();
        try {
            return queue.size() + committing.size() < capacity && bytes + size <= maxBytes;
        } finally {
            lock.unlock();
        }
    }

    private AddOutcome insert(SignedTransaction tx, int size, boolean verifiedHere, IdentityId from) {
        Hash signedId = verificationsNeeded > 1 ? tx.signedId() : null;
        lock.lock();
        try {
            if (queue.containsKey(tx.id()) || committing.containsKey(tx.id()) || committingNotHeld.contains(tx.id())) {
                return AddOutcome.DUPLICATE;
            }
            if (queue.size() + committing.size() >= capacity || bytes + size > maxBytes) {
                return AddOutcome.FULL;
            }
            Entry e = new Entry(tx, signedId, size, nanoTime.getAsLong(), verifiedHere);
            if (from != null) {
                e.vouchers.add(from);
            }
            queue.put(tx.id(), e);
            bytes += size;
            if (signedId != null) {
                early.takeInto(signedId, e.vouchers);
                if (!e.fullyVouched(verificationsNeeded)) {
                    bySignedId.put(signedId, e);
                }
            }
            return AddOutcome.ADDED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records that validator {@code from} verified the transactions with these signed ids. A vouch for a
     * transaction not (yet) here is kept a while, in case the transaction follows.
     */
    public void vouch(IdentityId from, Collection<Hash> signedIds) {
        lock.lock();
        try {
            for (Hash signedId : signedIds) {
                Entry e = bySignedId.get(signedId);
                if (e == null) {
                    // Not here yet, or already trusted and proposable: kept a while either way, it costs little.
                    if (verificationsNeeded > 1) {
                        early.add(signedId, from);
                    }
                    continue;
                }
                e.vouchers.add(from);
                if (e.fullyVouched(verificationsNeeded)) {
                    bySignedId.remove(signedId);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records that this node verified exactly this transaction (same id and signature bytes). */
    public void markVerified(SignedTransaction tx) {
        lock.lock();
        try {
            Entry e = queue.get(tx.id());
            if (e != null && e.tx.signature().equals(tx.signature())) {
                e.verifiedHere = true;
                if (e.signedId != null && e.fullyVouched(verificationsNeeded)) {
                    bySignedId.remove(e.signedId);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops exactly this transaction (same id and signature bytes), e.g. when its signature proved invalid. */
    public boolean remove(SignedTransaction tx) {
        lock.lock();
        try {
            Entry e = queue.get(tx.id());
            if (e == null || !e.tx.signature().equals(tx.signature())) {
                return false;
            }
            drop(e);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code max} pending transactions that are not trusted yet although they have waited {@code olderThan}
     * for vouches (a co-verifier went down, or a faulty validator forwarded them alone): this node should verify
     * them itself, or drop them.
     */
    public List<SignedTransaction> overdue(Duration olderThan, int max) {
        long cutoff = nanoTime.getAsLong() - olderThan.toNanos();
        lock.lock();
        try {
            List<SignedTransaction> out = new ArrayList<>();
            for (Entry e : bySignedId.values()) {
                if (out.size() >= max) {
                    break;
                }
                if (!e.trusted(verificationsNeeded) && e.admittedNanos - cutoff <= 0) {
                    out.add(e.tx);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether exactly this transaction (same id and same signature bytes) is
     * pending and trusted: this node verified its signature, or enough other
     * validators vouched for it. A copy with the same id but other signature
     * bytes is a different, unverified thing.
     */
    public boolean containsVerified(SignedTransaction tx) {
        lock.lock();
        try {
            Entry e = pending(tx.id());
            return e != null && e.tx.signature().equals(tx.signature()) && e.trusted(verificationsNeeded);
        } finally {
            lock.unlock();
        }
    }

    public boolean contains(Hash id) {
        lock.lock();
        try {
            return queue.containsKey(id) || committing.containsKey(id) || committingNotHeld.contains(id);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code maxCount} transactions and {@code maxBatchBytes} bytes from the
     * front of the queue, in arrival order, skipping {@code excluded} (those
     * already in uncommitted blocks) and those not ready to propose (see the
     * class comment). The first eligible transaction is always taken, so a
     * batch is never empty while eligible transactions wait.
     */
    public List<SignedTransaction> select(int maxCount, long maxBatchBytes, Set<Hash> excluded) {
        long cutoff = nanoTime.getAsLong() - vouchWaitNanos;
        lock.lock();
        try {
            List<SignedTransaction> out = new ArrayList<>(Math.min(maxCount, queue.size()));
            long taken = 0;
            for (Map.Entry<Hash, Entry> me : queue.entrySet()) {
                if (out.size() >= maxCount) {
                    break;
                }
                Entry e = me.getValue();
                if (excluded.contains(me.getKey()) || !proposable(e, cutoff)) {
                    continue;
                }
                if (taken + e.size > maxBatchBytes && !out.isEmpty()) {
                    break;
                }
                taken += e.size;
                out.add(e.tx);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the transactions of blocks consensus just committed out of the
     * proposal queue; they stay pending (counted, and refused if added again)
     * until {@link #removeCommitted}, once the ledger appended their blocks.
     * Those this pool does not hold are refused until then too.
     */
    public void markCommitting(Collection<Hash> ids) {
        lock.lock();
        try {
            for (Hash id : ids) {
                Entry e = queue.remove(id);
                if (e != null) {
                    committing.put(id, e);
                    if (e.signedId != null) {
                        // In a committed block: vouches for it no longer matter.
                        bySignedId.remove(e.signedId);
                    }
                } else if (!committing.containsKey(id)) {
                    committingNotHeld.add(id);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean proposable(Entry e, long cutoff) {
        return e.fullyVouched(verificationsNeeded) || (e.verifiedHere && e.admittedNanos - cutoff <= 0);
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
                Entry e = queue.get(id);
                if (e != null) {
                    drop(e);
                } else if ((e = committing.remove(id)) != null) {
                    forget(e);
                } else {
                    committingNotHeld.remove(id);
                }
                if (e != null) {
                    admitted[n++] = e.admittedNanos;
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
                if (e.tx.decoded().expiryHeight() <= committedHeight) {
                    it.remove();
                    forget(e);
                    evicted++;
                }
            }
            return evicted;
        } finally {
            lock.unlock();
        }
    }

    /** The pending entry of {@code id}, in the queue or committing; holds the lock. */
    private Entry pending(Hash id) {
        Entry e = queue.get(id);
        return e != null ? e : committing.get(id);
    }

    /** Removes {@code e} from the queue and the indexes; holds the lock. */
    private void drop(Entry e) {
        queue.remove(e.tx.id());
        forget(e);
    }

    /** Removes {@code e}, already out of the queue, from the byte count and the vouch index; holds the lock. */
    private void forget(Entry e) {
        bytes -= e.size;
        if (e.signedId != null) {
            bySignedId.remove(e.signedId);
        }
    }

    /** Pending transactions, those in committed blocks not yet appended included. */
    public int size() {
        lock.lock();
        try {
            return queue.size() + committing.size();
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
