package io.meshledger.core.crypto;

/** Signature schemes a Meshledger identity may use. */
public enum SignatureAlgorithm {
    /** Ed25519 (RFC 8032): the default for nodes and users. */
    ED25519,
    /** ECDSA over P-256 with SHA-256, DER-encoded signatures: for HSM-held keys. */
    ECDSA_P256
}
