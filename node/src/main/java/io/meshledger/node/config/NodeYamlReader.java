package io.meshledger.node.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

/**
 * Turns the YAML tree of one {@code node.yaml} into a {@link NodeConfig},
 * strictly: every key at every level must be known, every value must have the
 * expected type and range. Each failure is one {@link ConfigException} line,
 * {@code <file>: <key path>: <problem>; fix: <what to do>}, naming what was
 * expected and what was found.
 */
final class NodeYamlReader {
    private final Path file;
    private final Path dir;

    NodeYamlReader(Path file) {
        this.file = file;
        this.dir = file.toAbsolutePath().getParent();
    }

    NodeConfig read(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw ConfigException.problem(file.toString(), "the file is empty",
                    "write the node's settings into it (see network-config/README.md), or pass the node.yaml"
                            + " that network init wrote");
        }
        if (!root.isObject()) {
            throw ConfigException.problem(file.toString(), "expected a mapping of settings (node: ..., org: ...),"
                    + " found " + describe(root), "write one 'key: value' per line at the top level");
        }
        checkKeys(root, "");
        JsonNode identity = mapping(root, "identity", true);
        JsonNode mempool = mapping(root, "mempool", false);
        JsonNode storage = mapping(root, "storage", false);
        return new NodeConfig(
                text(root, "", "node", "the validator name genesis.json gives this node, e.g. node1"),
                text(root, "", "org", "the organisation running this node, e.g. org1"),
                path(root, "", "genesis", "the network's genesis.json, e.g. ../../genesis.json"),
                path(root, "", "data_dir", "the node's data directory, e.g. data"),
                path(identity, "identity", "certificate", "the node's certificate file, e.g. node.crt"),
                path(identity, "identity", "key", "the node's private key file, e.g. node.key"),
                endpoint(root, "peer_listen", "127.0.0.1:7050").orElseThrow(() -> missing("peer_listen",
                        "add peer_listen: <host:port>, e.g. 127.0.0.1:7050")),
                endpoint(root, "api_listen", "127.0.0.1:7051").orElseThrow(() -> missing("api_listen",
                        "add api_listen: <host:port>, e.g. 127.0.0.1:7051")),
                (int) wholeNumber(mempool, "mempool", "capacity", NodeConfig.MIN_MEMPOOL_CAPACITY,
                        NodeConfig.MAX_MEMPOOL_CAPACITY, NodeConfigCodec.DEFAULT_MEMPOOL_CAPACITY, ""),
                wholeNumber(mempool, "mempool", "max_bytes", NodeConfig.MIN_MEMPOOL_MAX_BYTES,
                        NodeConfig.MAX_MEMPOOL_MAX_BYTES, NodeConfigCodec.DEFAULT_MEMPOOL_MAX_BYTES, " bytes"),
                endpoint(root, "metrics_listen", "127.0.0.1:7052"),
                (int) wholeNumber(storage, "storage", "block_cache_mb", NodeConfig.MIN_BLOCK_CACHE_MB,
                        NodeConfig.MAX_BLOCK_CACHE_MB, NodeConfig.DEFAULT_BLOCK_CACHE_MB, " MiB"));
    }

    /** Refuses the first key of {@code mapping} that is not a known key at {@code parent}. */
    private void checkKeys(JsonNode mapping, String parent) {
        for (Iterator<String> names = mapping.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (NodeYamlKeys.isKnown(parent, key)) {
                continue;
            }
            String where = NodeYamlKeys.path(parent, key);
            Optional<NodeYamlKeys.Suggestion> suggestion = NodeYamlKeys.nearest(parent, key);
            if (suggestion.isPresent() && suggestion.get().sameLevel()) {
                String meant = suggestion.get().path();
                throw fail(where, "unknown key (did you mean '" + meant + "'?)", "rename it to '"
                        + leaf(meant) + "'");
            }
            if (suggestion.isPresent()) {
                String meant = suggestion.get().path();
                String under = meant.substring(0, meant.lastIndexOf('.'));
                throw fail(where, "unknown key here (did you mean '" + meant + "'?)", "move it under '" + under
                        + ":' as '" + leaf(meant) + "'");
            }
            throw fail(where, "unknown key", "remove it; the keys known " + (parent.isEmpty() ? "at the top level"
                    : "under '" + parent + ":'") + " are " + String.join(", ", NodeYamlKeys.known(parent)));
        }
    }

    /** The mapping at {@code key}, its keys checked; a missing optional mapping reads as an empty one. */
    private JsonNode mapping(JsonNode root, String key, boolean required) {
        JsonNode v = root.get(key);
        if (v == null) {
            if (required) {
                throw missing(key, "add the mapping '" + key + ":' with its keys "
                        + String.join(", ", NodeYamlKeys.known(key)) + " indented below it");
            }
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!v.isObject()) {
            throw fail(key, "expected a mapping of " + String.join(", ", NodeYamlKeys.known(key)) + ", found "
                    + describe(v), "write '" + key + ":' alone on its line with its keys indented below it"
                    + (required ? "" : ", or remove it to use the defaults"));
        }
        checkKeys(v, key);
        return v;
    }

    private String text(JsonNode parent, String parentPath, String key, String what) {
        String where = NodeYamlKeys.path(parentPath, key);
        JsonNode v = parent.get(key);
        if (v == null) {
            throw missing(where, "add " + where + ": <" + what + ">");
        }
        if (!v.isTextual()) {
            throw fail(where, "expected a string (" + what + "), found " + describe(v), "set " + where
                    + " to " + what + (v.isNumber() || v.isBoolean() ? " (quote it if it really is '" + v.asText()
                    + "')" : ""));
        }
        if (v.asText().isBlank()) {
            throw fail(where, "expected " + what + ", found no value", "set " + where + " to " + what);
        }
        return v.asText();
    }

    private Path path(JsonNode parent, String parentPath, String key, String what) {
        String text = text(parent, parentPath, key, what);
        try {
            return dir.resolve(text).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            String where = NodeYamlKeys.path(parentPath, key);
            throw fail(where, "'" + text + "' is not a valid path: " + e.getReason(), "set " + where + " to "
                    + what);
        }
    }

    /** The endpoint at {@code key}, empty when the key is absent. */
    private Optional<Endpoint> endpoint(JsonNode root, String key, String example) {
        JsonNode v = root.get(key);
        if (v == null) {
            return Optional.empty();
        }
        String expected = "host:port with a port from 1 to 65535";
        String fix = "set " + key + " to " + expected + ", e.g. " + example;
        if (!v.isTextual()) {
            throw fail(key, "expected " + expected + ", found " + describe(v), fix);
        }
        String text = v.asText();
        if (text.isBlank()) {
            throw fail(key, "expected " + expected + ", found no value", fix + (key.equals("metrics_listen")
                    ? ", or remove the key to serve no metrics" : ""));
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw fail(key, "expected " + expected + ", found \"" + text + "\"", fix);
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        if (!portText.chars().allMatch(Character::isDigit) || portText.length() > 5) {
            throw fail(key, "the port in \"" + text + "\" is not a number from 1 to 65535", fix);
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            throw fail(key, "the port in \"" + text + "\" is " + port + ", outside 1 to 65535", fix);
        }
        if (host.isBlank()) {
            throw fail(key, "the host in \"" + text + "\" is empty", fix);
        }
        return Optional.of(new Endpoint(host, port));
    }

    /** The whole number at {@code key} of {@code mapping}, in {@code [min, max]}; {@code dflt} when absent. */
    private long wholeNumber(JsonNode mapping, String parent, String key, long min, long max, long dflt,
                             String unit) {
        String where = NodeYamlKeys.path(parent, key);
        JsonNode v = mapping.get(key);
        if (v == null) {
            return dflt;
        }
        String expected = "a whole number from " + min + " to " + max + unit;
        String fix = "set " + where + " to " + expected + ", or remove it to use the default (" + dflt + unit + ")";
        if (!v.isIntegralNumber()) {
            throw fail(where, "expected " + expected + ", found " + describe(v), fix);
        }
        if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw fail(where, "expected " + expected + ", found " + v.asText() + unit
                    + (v.canConvertToLong() && v.asLong() < min ? " (too small)" : " (too large)"), fix);
        }
        return v.asLong();
    }

    private ConfigException missing(String where, String fix) {
        return fail(where, "missing (it is required)", fix);
    }

    private ConfigException fail(String where, String problem, String fix) {
        return ConfigException.problem(file + ": " + where, problem, fix);
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** What a value is, in words, for "found ..." in messages. */
    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "no value";
        }
        if (v.isTextual()) {
            // YAML reads "key:" with nothing after it as an empty string.
            return v.asText().isEmpty() ? "no value" : "the string \"" + v.asText() + "\"";
        }
        if (v.isBoolean()) {
            return "the boolean " + v.asText();
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return "a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " value";
    }
}
