package io.meshledger.node.driver;

import io.meshledger.core.identity.IdentityId;
import io.meshledger.node.consensus.ConsensusMessage;

/** Where the driver sends consensus messages; implemented by the peer network. Never blocks. */
public interface PeerOutbox {
    void broadcast(ConsensusMessage message);

    void send(IdentityId to, ConsensusMessage message);
}
