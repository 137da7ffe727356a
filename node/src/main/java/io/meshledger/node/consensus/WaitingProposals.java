package io.meshledger.node.consensus;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proposals whose parent is not held yet, kept until the parent is fetched.
 * Bounded: when full, the oldest is dropped (it will be fetched again if a QC
 * ever needs it).
 */
final class WaitingProposals {
    /** A proposal and who sent it; {@code live} when it arrived as a proposal rather than a fetched ancestor. */
    record Waiting(Proposal proposal, IdentityId from, boolean live) {
    }

    private final int max;
    private final Map<Hash, Waiting> byHash = new LinkedHashMap<>();

    WaitingProposals(int max) {
        this.max = max;
    }

    void add(Proposal proposal, IdentityId from, boolean live) {
        Hash hash = proposal.block().hash();
        if (byHash.containsKey(hash)) {
            return;
        }
        if (byHash.size() >= max) {
            byHash.remove(byHash.keySet().iterator().next());
        }
        byHash.put(hash, new Waiting(proposal, from, live));
    }

    /** Removes and returns the proposals whose parent is {@code parentHash}, oldest first. */
    List<Waiting> takeChildrenOf(Hash parentHash) {
        List<Waiting> children = new ArrayList<>();
        for (Iterator<Waiting> it = byHash.values().iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.proposal().block().parentHash().equals(parentHash)) {
                children.add(w);
                it.remove();
            }
        }
        return children;
    }

    /** Drops proposals that can no longer extend the committed root at {@code height}. */
    void pruneAtOrBelow(long height) {
        byHash.values().removeIf(w -> w.proposal().block().height() <= height);
    }

    int size() {
        return byHash.size();
    }
}
