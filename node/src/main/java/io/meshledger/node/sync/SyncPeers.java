package io.meshledger.node.sync;

import io.meshledger.core.identity.IdentityId;
import io.meshledger.node.network.CertifiedBlock;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The peers block sync fetches from; implemented by the peer network. */
public interface SyncPeers {
    Set<IdentityId> connectedPeers();

    /** The highest block height the network has shown this node (0 if none yet): the target of a catch-up. */
    long highestKnownHeight();

    CompletableFuture<List<CertifiedBlock>> fetchBlocks(IdentityId peer, long fromHeight, int max);
}
