package io.meshledger.core.identity;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;

import java.util.Objects;

/** An identity's id: the SHA-256 fingerprint of its certificate's DER encoding. */
public record IdentityId(Hash fingerprint) implements Comparable<IdentityId> {
    public IdentityId {
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** The id of the certificate with this DER encoding. */
    public static IdentityId ofCertificate(byte[] der) {
        return new IdentityId(Hashing.sha256(der));
    }

    public static IdentityId fromBytes(Bytes bytes) {
        return new IdentityId(Hash.of(bytes.unsafeArray()));
    }

    public static IdentityId fromHex(String hex) {
        return new IdentityId(Hash.fromHex(hex));
    }

    public Bytes toBytes() {
        return fingerprint.toBytes();
    }

    public String toHex() {
        return fingerprint.toHex();
    }

    @Override
    public int compareTo(IdentityId o) {
        return fingerprint.compareTo(o.fingerprint);
    }

    @Override
    public String toString() {
        return fingerprint.shortHex();
    }
}
