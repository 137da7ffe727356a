package io.meshledger.node.config;

/**
 * A node or network configuration file is missing or invalid; the message names the file and field.
 * Errors about a node's own settings read as one line, {@code <where>: <problem>; fix: <what to do>},
 * so an operator learns from the line alone what is wrong and how to repair it.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code <where>: <problem>; fix: <fix>}; {@code where} is a file, a key path, or both. */
    public static ConfigException problem(String where, String problem, String fix) {
        return new ConfigException(where + ": " + problem + "; fix: " + fix);
    }

    /** As {@link #problem(String, String, String)}, keeping the exception that revealed the problem. */
    public static ConfigException problem(String where, String problem, String fix, Throwable cause) {
        return new ConfigException(where + ": " + problem + "; fix: " + fix, cause);
    }
}
