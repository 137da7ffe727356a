package io.meshledger.node;

import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.validators.ValidatorSet;
import io.meshledger.node.api.StatusSource;
import io.meshledger.node.certification.LedgerCertifier;
import io.meshledger.node.consensus.LeaderElection;
import io.meshledger.node.driver.ConsensusDriver;
import io.meshledger.node.network.PeerClients;

import java.util.concurrent.TimeUnit;

/** What {@code Admin.Status} reports beyond the store: consensus, peers, certification, uptime and version. */
final class NodeStatusSource implements StatusSource {
    private final ConsensusDriver driver;
    private final LeaderElection leaders;
    private final ValidatorSet validators;
    private final PeerClients peers;
    private final LedgerCertifier certifier;
    private final long startedNanos;

    NodeStatusSource(ConsensusDriver driver, LeaderElection leaders, ValidatorSet validators, PeerClients peers,
                     LedgerCertifier certifier, long startedNanos) {
        this.driver = driver;
        this.leaders = leaders;
        this.validators = validators;
        this.peers = peers;
        this.certifier = certifier;
        this.startedNanos = startedNanos;
    }

    @Override
    public ConsensusStatus consensus() {
        long round = driver.round();
        IdentityId leader = leaders.leader(round);
        return new ConsensusStatus(round, validators.get(leader).map(Validator::name).orElse(leader.toString()));
    }

    @Override
    public int peersConnected() {
        return peers.connectedPeers().size();
    }

    @Override
    public boolean certifying() {
        return certifier.certifying();
    }

    @Override
    public long divergedAt() {
        return certifier.divergedAt();
    }

    @Override
    public long viewChanges() {
        return driver.viewChanges();
    }

    @Override
    public long uptimeSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }

    @Override
    public String version() {
        String v = Node.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
