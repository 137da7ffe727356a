package io.meshledger.node;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.node.consensus.ConsensusMessage;
import io.meshledger.node.consensus.Proposal;
import io.meshledger.node.consensus.SafetyData;
import io.meshledger.node.driver.ConsensusDriver;
import io.meshledger.node.driver.ConsensusPersistence;
import io.meshledger.node.driver.PeerOutbox;
import io.meshledger.node.mempool.LedgerView;
import io.meshledger.node.network.CertifiedBlock;
import io.meshledger.node.network.PeerClients;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.node.sync.SyncPeers;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The small adapters through which {@link Node} connects stages that do not
 * know each other: each stage names what it needs as an interface in its own
 * package, and these implement those interfaces over the store and the peer
 * network.
 */
final class NodeAdapters {
    private NodeAdapters() {
    }

    /** Admission's view of the ledger: the committed tip and which transactions it holds. */
    record StoreLedgerView(RocksLedgerStore store) implements LedgerView {
        @Override
        public long committedHeight() {
            return store.tip().height();
        }

        @Override
        public boolean isCommitted(Hash txId) {
            return store.containsTransaction(txId);
        }
    }

    /** Consensus messages leave through the peer clients' bounded outbound queues. */
    record PeerClientsOutbox(PeerClients peers) implements PeerOutbox {
        @Override
        public void broadcast(ConsensusMessage message) {
            peers.broadcast(message);
        }

        @Override
        public void send(IdentityId to, ConsensusMessage message) {
            peers.send(to, message);
        }
    }

    /** Safety data and pending blocks go to the store's consensus column family, fsynced before votes leave. */
    record StoreConsensusPersistence(RocksLedgerStore store) implements ConsensusPersistence {
        @Override
        public void saveSafetyData(SafetyData data) {
            store.saveSafetyData(PersistedConsensus.encode(data));
        }

        @Override
        public void savePendingBlock(Proposal proposal) {
            store.savePendingBlock(proposal.block().height(), proposal.block().hash().unsafeArray(),
                    PersistedConsensus.encode(proposal));
        }
    }

    /** Block sync's peers: who is connected, the highest height consensus has seen, and certified block fetches. */
    record PeerSyncSource(PeerClients peers, ConsensusDriver driver) implements SyncPeers {
        @Override
        public Set<IdentityId> connectedPeers() {
            return peers.connectedPeers();
        }

        @Override
        public long highestKnownHeight() {
            return driver.highestSeenHeight();
        }

        @Override
        public CompletableFuture<List<CertifiedBlock>> fetchBlocks(IdentityId peer, long fromHeight, int max) {
            return peers.fetchBlocks(peer, fromHeight, max);
        }
    }
}
