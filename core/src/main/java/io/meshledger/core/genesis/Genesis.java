package io.meshledger.core.genesis;

import io.meshledger.core.Bytes;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.core.validators.ValidatorSet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The consortium's founding document: chain id, member organisations with
 * their CA roots, validators, consensus parameters and transaction limits.
 * Every node and every auditor starts from the same one. Load it with
 * {@link GenesisCodec#load}, which validates everything.
 */
public record Genesis(String chainId, long genesisTimeMs, List<Organisation> organisations,
                      ValidatorSet validators, ConsensusParameters consensus, TransactionLimits limits) {
    public Genesis {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(validators, "validators");
        Objects.requireNonNull(consensus, "consensus");
        Objects.requireNonNull(limits, "limits");
        organisations = List.copyOf(organisations);
    }

    public Optional<Organisation> organisation(String name) {
        return organisations.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** CA roots by organisation name. */
    public Map<String, Bytes> roots() {
        Map<String, Bytes> m = new LinkedHashMap<>();
        organisations.forEach(o -> m.put(o.name(), o.caCertificate()));
        return m;
    }

    /** A validator trusting exactly this genesis' roots. */
    public MembershipValidator membershipValidator(int cacheCapacity) {
        return new MembershipValidator(roots(), cacheCapacity);
    }
}
