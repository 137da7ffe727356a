package io.meshledger.core.identity;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.PublicKeyInfo;

import java.time.Instant;
import java.util.Objects;

/**
 * A validated member identity: a certificate that chains to a genesis CA.
 *
 * @param id          certificate fingerprint
 * @param org         issuing organisation
 * @param name        the subject's common name
 * @param role        node, admin or user
 * @param key         the certified public key
 * @param notBefore   start of validity
 * @param notAfter    end of validity
 * @param certificate the certificate's DER encoding
 */
public record Member(IdentityId id, String org, String name, Role role, PublicKeyInfo key,
                     Instant notBefore, Instant notAfter, Bytes certificate) {
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** {@code org/name}, as the CLI names identities. */
    public String qualifiedName() {
        return org + "/" + name;
    }

    public boolean validAt(Instant at) {
        return !at.isBefore(notBefore) && !at.isAfter(notAfter);
    }
}
