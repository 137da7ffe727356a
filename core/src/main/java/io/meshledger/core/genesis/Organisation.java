package io.meshledger.core.genesis;

import io.meshledger.core.Bytes;

import java.util.Objects;

/**
 * A consortium member.
 *
 * @param name          organisation name, as in its certificates' O attribute
 * @param caCertificate its root CA certificate (DER)
 */
public record Organisation(String name, Bytes caCertificate) {
    public Organisation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }
}
