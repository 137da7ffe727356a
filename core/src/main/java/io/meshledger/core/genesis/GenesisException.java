package io.meshledger.core.genesis;

/** The genesis file is missing, unreadable or invalid; the message names the field. */
public class GenesisException extends RuntimeException {
    public GenesisException(String message) {
        super(message);
    }

    public GenesisException(String message, Throwable cause) {
        super(message, cause);
    }
}
