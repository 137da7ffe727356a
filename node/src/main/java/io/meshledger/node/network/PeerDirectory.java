package io.meshledger.node.network;

import io.meshledger.core.validators.Validator;
import io.meshledger.node.config.Endpoint;

/** Where to reach a validator's peer server. */
@FunctionalInterface
public interface PeerDirectory {
    Endpoint endpointOf(Validator validator);

    /** The endpoints written in genesis. */
    static PeerDirectory fromGenesis() {
        return v -> Endpoint.parse(v.endpoint());
    }
}
