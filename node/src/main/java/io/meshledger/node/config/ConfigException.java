package io.meshledger.node.config;

/** A node or network configuration file is missing or invalid; the message names the file and field. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
