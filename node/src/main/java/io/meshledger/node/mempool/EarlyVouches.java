package io.meshledger.node.mempool;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;

/**
 * Vouches for transactions that have not arrived yet: a co-verifier's vouch
 * travels on its own connection and may overtake the forwarded transaction.
 * Bounded by two generations of at most {@code capacity / 2} signed ids each;
 * the older generation is dropped when the newer fills, so vouches for
 * transactions that never come (or were committed meanwhile) age out. Not
 * thread-safe: the {@link Mempool} calls it under its lock.
 */
final class EarlyVouches {
    private final int generationSize;
    private HashMap<Hash, Set<IdentityId>> current = new HashMap<>();
    private HashMap<Hash, Set<IdentityId>> previous = new HashMap<>();

    EarlyVouches(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be >= 2, got " + capacity);
        }
        this.generationSize = capacity / 2;
    }

    void add(Hash signedId, IdentityId from) {
        Set<IdentityId> vouchers = current.get(signedId);
        if (vouchers == null) {
            vouchers = previous.remove(signedId);
            if (current.size() >= generationSize) {
                previous = current;
                current = new HashMap<>();
            }
            if (vouchers == null) {
                vouchers = new HashSet<>(4);
            }
            current.put(signedId, vouchers);
        }
        vouchers.add(from);
    }

    /** Moves the vouchers kept for {@code signedId}, if any, into {@code into}. */
    void takeInto(Hash signedId, Set<IdentityId> into) {
        Set<IdentityId> vouchers = current.remove(signedId);
        if (vouchers == null) {
            vouchers = previous.remove(signedId);
        }
        if (vouchers != null) {
            into.addAll(vouchers);
        }
    }

    /** Signed ids held (both generations). */
    int size() {
        return current.size() + previous.size();
    }
}
