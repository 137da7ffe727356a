package io.meshledger.client;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.LedgerCertificate;

import java.util.Objects;
import java.util.Optional;

/**
 * What a node reports about itself.
 *
 * @param node            its name
 * @param height          its committed height
 * @param round           its consensus round
 * @param leader          the leader it sees for that round
 * @param peersConnected  how many peers it is connected to
 * @param lastCertificate its latest ledger certificate, if any
 * @param stateRoot       its own state root after executing its tip
 * @param mempoolSize     transactions waiting in its mempool
 * @param certifying      whether it takes part in certification
 * @param divergedAt      the height at which its execution disagreed with the quorum; 0 if never
 */
public record NodeStatus(String node, long height, long round, String leader, int peersConnected,
                         Optional<LedgerCertificate> lastCertificate, Bytes stateRoot, int mempoolSize,
                         boolean certifying, long divergedAt) {
    /** Refuses missing components. */
    public NodeStatus {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(leader, "leader");
        Objects.requireNonNull(lastCertificate, "lastCertificate");
        Objects.requireNonNull(stateRoot, "stateRoot");
    }
}
