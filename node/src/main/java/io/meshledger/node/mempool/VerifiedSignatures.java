package io.meshledger.node.mempool;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.tx.SignedTransaction;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Transactions whose signature this node verified recently, keyed by id and
 * matched on the exact signature bytes, so a transaction that reaches the
 * node twice (in a proposal and in a forwarded batch) costs one verification.
 * Bounded by two generations of at most {@code capacity / 2} entries each: the
 * older generation is dropped when the newer fills. Thread-safe.
 */
public final class VerifiedSignatures {
    private final int generationSize;
    private volatile ConcurrentHashMap<Hash, Bytes> current = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<Hash, Bytes> previous = new ConcurrentHashMap<>();

    public VerifiedSignatures(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be >= 2, got " + capacity);
        }
        this.generationSize = capacity / 2;
    }

    public boolean contains(SignedTransaction tx) {
        Bytes sig = current.get(tx.id());
        if (sig == null) {
            sig = previous.get(tx.id());
        }
        return sig != null && sig.equals(tx.signature());
    }

    public void add(SignedTransaction tx) {
        ConcurrentHashMap<Hash, Bytes> c = current;
        if (c.size() >= generationSize) {
            synchronized (this) {
                if (current == c) {
                    previous = c;
                    current = new ConcurrentHashMap<>();
                }
            }
            c = current;
        }
        c.put(tx.id(), tx.signature());
    }
}
