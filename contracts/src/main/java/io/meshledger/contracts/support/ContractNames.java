package io.meshledger.contracts.support;

/** The names the system contracts are installed under, and call each other by. */
public final class ContractNames {
    public static final String PUBLICATION = "publication";
    public static final String AUTHORISATION = "authorisation";
    public static final String ATTESTATION = "attestation";

    private ContractNames() {
    }
}
