package io.meshledger.node.driver;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.node.consensus.Proposal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Fetches a proposal (a block the core misses) from a peer; implemented by the peer network. */
@FunctionalInterface
public interface ProposalFetcher {
    /** Completes with the proposal, empty if the peer does not have it, or exceptionally on failure or deadline. */
    CompletableFuture<Optional<Proposal>> fetch(IdentityId peer, Hash blockHash);
}
