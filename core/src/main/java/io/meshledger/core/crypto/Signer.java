package io.meshledger.core.crypto;

/** Signs with one private key. Implementations are thread-safe. */
public interface Signer {
    SignatureAlgorithm algorithm();

    /** The matching public key. */
    PublicKeyInfo publicKey();

    byte[] sign(byte[] message);
}
