package io.meshledger.node.consensus;

import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.ValidatorSet;

/** Who proposes in a round. Must be a pure function of the round so every validator agrees. */
public interface LeaderElection {
    IdentityId leader(long round);

    /** {@code validators[round mod n]}, in validator-set order. */
    static LeaderElection roundRobin(ValidatorSet validators) {
        var ids = validators.validators().stream().map(v -> v.id()).toList();
        return round -> ids.get((int) Math.floorMod(round, (long) ids.size()));
    }
}
