package io.meshledger.contracts;

import io.meshledger.contracts.attestation.AttestationContract;
import io.meshledger.contracts.authorisation.AuthorisationContract;
import io.meshledger.contracts.publication.PublicationContract;
import io.meshledger.contracts.publication.PublicationLimits;
import io.meshledger.contracts.support.ContractNames;
import java.util.Map;

/**
 * The system contracts present at genesis, by the names transactions address
 * them with. The runtime installs the whole map; the contracts call each other
 * by these names ({@code publication} asks {@code authorisation} about grants,
 * {@code authorisation} asks {@code publication} about owners), so they must be
 * installed together.
 */
public final class SystemContracts {
    public static final String PUBLICATION = ContractNames.PUBLICATION;
    public static final String AUTHORISATION = ContractNames.AUTHORISATION;
    public static final String ATTESTATION = ContractNames.ATTESTATION;

    private SystemContracts() {
    }

    /** An immutable map from contract name to contract; {@code limits} must be the same on every node. */
    public static Map<String, Contract> create(PublicationLimits limits) {
        return Map.of(
                PUBLICATION, new PublicationContract(limits),
                AUTHORISATION, new AuthorisationContract(),
                ATTESTATION, new AttestationContract());
    }
}
