package io.meshledger.core.crypto;

/** A key or certificate could not be decoded, generated or used. */
public class CryptoException extends RuntimeException {
    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
