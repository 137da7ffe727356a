package io.meshledger.node.api;

/** What {@code Admin.Status} reports about the running node; implemented by the node's wiring. Thread-safe. */
public interface StatusSource {
    /** A consistent snapshot of consensus progress. */
    ConsensusStatus consensus();

    /** Peers with a live connection. */
    int peersConnected();

    /** False once this node found its ledger digest differs from a quorum's and stopped certifying. */
    boolean certifying();

    /** Height at which this node's execution disagreed with the quorum; 0 if it never did. */
    long divergedAt();

    /** Rounds entered through a timeout certificate since the node started. */
    long viewChanges();

    /** Seconds since the node started. */
    long uptimeSeconds();

    /** The node's software version. */
    String version();

    /**
     * Consensus progress as of one moment.
     *
     * @param round  the current round
     * @param leader name of the current round's leader
     */
    record ConsensusStatus(long round, String leader) {
    }
}
