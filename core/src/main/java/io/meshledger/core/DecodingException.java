package io.meshledger.core;

/** Bytes that should hold an encoded value do not: truncated, garbage, or a required field missing. */
public class DecodingException extends RuntimeException {
    public DecodingException(String message) {
        super(message);
    }

    public DecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
