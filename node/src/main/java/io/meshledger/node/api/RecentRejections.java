package io.meshledger.node.api;

import io.meshledger.core.crypto.Hash;
import io.meshledger.node.mempool.AdmissionResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Why recently submitted transactions were refused, so a client that lost the
 * answer can ask for the status. Bounded: the oldest entries are forgotten.
 */
final class RecentRejections {
    private final Map<Hash, AdmissionResult.Rejected> entries;

    RecentRejections(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, AdmissionResult.Rejected> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(AdmissionResult.Rejected rejected) {
        rejected.id().ifPresent(id -> entries.put(id, rejected));
    }

    synchronized Optional<AdmissionResult.Rejected> get(Hash id) {
        return Optional.ofNullable(entries.get(id));
    }
}
