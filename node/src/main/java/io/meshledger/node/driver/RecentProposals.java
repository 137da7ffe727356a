package io.meshledger.node.driver;

import io.meshledger.core.crypto.Hash;
import io.meshledger.node.consensus.Proposal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The last proposals seen or made, by block hash, for peers that miss a block. Bounded, thread-safe. */
final class RecentProposals {
    private final Map<Hash, Proposal> byHash;

    RecentProposals(int capacity) {
        this.byHash = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, Proposal> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void put(Proposal p) {
        byHash.put(p.block().hash(), p);
    }

    synchronized Optional<Proposal> get(Hash blockHash) {
        return Optional.ofNullable(byHash.get(blockHash));
    }
}
