package io.meshledger.contracts;

import java.util.Objects;

/**
 * Who signed the transaction or query, as its certificate (validated against
 * the genesis CAs) says.
 *
 * @param id    hex fingerprint of the signer's certificate
 * @param org   the issuing organisation
 * @param name  the certificate's common name, unique within the organisation
 * @param admin whether the certificate carries the organisation-administrator role
 */
public record Caller(String id, String org, String name, boolean admin) {
    public Caller {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(name, "name");
    }

    /** {@code org/name}, the way the CLI and grants name an identity. */
    public String qualifiedName() {
        return org + "/" + name;
    }
}
