package io.meshledger.core.crypto;

/** Checks signatures made by one key. Implementations are thread-safe. */
public interface Verifier {
    SignatureAlgorithm algorithm();

    /** True when {@code signature} is a valid signature of {@code message}; never throws on bad input. */
    boolean verify(byte[] message, byte[] signature);
}
