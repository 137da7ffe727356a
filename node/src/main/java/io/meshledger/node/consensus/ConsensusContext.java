package io.meshledger.node.consensus;

import io.meshledger.core.genesis.ConsensusParameters;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.ValidatorSet;

import java.util.Objects;

/**
 * What a validator's core is configured with: the chain, the epoch's
 * validators, who it is, the genesis consensus parameters, its own bounds and
 * the leader election.
 */
public record ConsensusContext(String chainId, ValidatorSet validators, IdentityId self,
                               ConsensusParameters parameters, CoreLimits limits, LeaderElection leaders) {
    public ConsensusContext {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(validators, "validators");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(leaders, "leaders");
        if (!validators.contains(self)) {
            throw new IllegalArgumentException(self + " is not a validator of epoch " + validators.epoch());
        }
    }

    /** Round-robin leaders and default limits. */
    public static ConsensusContext of(String chainId, ValidatorSet validators, IdentityId self,
                                      ConsensusParameters parameters) {
        return new ConsensusContext(chainId, validators, self, parameters, CoreLimits.defaults(),
                LeaderElection.roundRobin(validators));
    }

    public long epoch() {
        return validators.epoch();
    }
}
