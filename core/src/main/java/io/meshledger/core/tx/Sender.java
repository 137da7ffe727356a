package io.meshledger.core.tx;

import io.meshledger.core.Bytes;

import java.util.Objects;

/** Who signed a transaction: a full certificate, or the id of a key registered on chain. */
public sealed interface Sender {
    /** The sender's X.509 certificate (DER); any node can check its chain to a genesis root. */
    record Certificate(Bytes der) implements Sender {
        public Certificate {
            Objects.requireNonNull(der, "der");
            if (der.length() == 0) {
                throw new IllegalArgumentException("certificate must not be empty");
            }
        }
    }

    /** The fingerprint of a certificate already known to the ledger. */
    record KeyId(Bytes id) implements Sender {
        public KeyId {
            Objects.requireNonNull(id, "id");
            if (id.length() != 32) {
                throw new IllegalArgumentException("key id must be 32 bytes, got " + id.length());
            }
        }
    }
}
