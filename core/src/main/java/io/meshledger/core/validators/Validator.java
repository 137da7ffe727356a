package io.meshledger.core.validators;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.PublicKeyInfo;
import io.meshledger.core.identity.IdentityId;

import java.util.Objects;

/**
 * A consensus validator.
 *
 * @param id       fingerprint of the validator's node certificate
 * @param name     node name, e.g. {@code node1}
 * @param org      organisation that runs it
 * @param key      the key its votes and digests are signed with
 * @param endpoint    peer address, {@code host:port}
 * @param certificate its node certificate (DER), presented in TLS handshakes
 */
public record Validator(IdentityId id, String name, String org, PublicKeyInfo key, String endpoint, Bytes certificate) {
    public Validator {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(certificate, "certificate");
    }
}
