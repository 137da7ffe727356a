package io.meshledger.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads and writes {@code node.yaml}; errors name the file and the field. */
public final class NodeConfigCodec {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** Defaults for settings a node.yaml may leave out. */
    public static final int DEFAULT_MEMPOOL_CAPACITY = 100_000;
    public static final long DEFAULT_MEMPOOL_MAX_BYTES = 256L * 1024 * 1024;

    private NodeConfigCodec() {
    }

    public static NodeConfig load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(file + ": must be a YAML mapping");
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            JsonNode mempool = root.path("mempool");
            return new NodeConfig(
                    text(file, root, "node"),
                    text(file, root, "org"),
                    dir.resolve(text(file, root, "genesis")).normalize(),
                    dir.resolve(text(file, root, "data_dir")).normalize(),
                    dir.resolve(text(file, root.path("identity"), "certificate", "identity.certificate")).normalize(),
                    dir.resolve(text(file, root.path("identity"), "key", "identity.key")).normalize(),
                    endpoint(file, root, "peer_listen"),
                    endpoint(file, root, "api_listen"),
                    mempool.path("capacity").asInt(DEFAULT_MEMPOOL_CAPACITY),
                    mempool.path("max_bytes").asLong(DEFAULT_MEMPOOL_MAX_BYTES),
                    root.has("metrics_listen") ? Optional.of(endpoint(file, root, "metrics_listen")) : Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** YAML text of {@code config}, with paths written relative to {@code dir}. */
    public static String toYaml(NodeConfig config, Path dir) {
        ObjectNode root = YAML.createObjectNode();
        root.put("node", config.name());
        root.put("org", config.org());
        root.put("genesis", relative(dir, config.genesis()));
        root.put("data_dir", relative(dir, config.dataDir()));
        root.putObject("identity")
                .put("certificate", relative(dir, config.certificate()))
                .put("key", relative(dir, config.key()));
        root.put("peer_listen", config.peerListen().toString());
        root.put("api_listen", config.apiListen().toString());
        config.metricsListen().ifPresent(m -> root.put("metrics_listen", m.toString()));
        root.putObject("mempool")
                .put("capacity", config.mempoolCapacity())
                .put("max_bytes", config.mempoolMaxBytes());
        try {
            return YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new ConfigException("cannot encode node.yaml: " + e.getMessage(), e);
        }
    }

    private static String relative(Path dir, Path p) {
        return dir.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize()).toString();
    }

    private static String text(Path file, JsonNode node, String field) {
        return text(file, node, field, field);
    }

    private static String text(Path file, JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ConfigException(file + ": " + path + ": is required (a non-empty string)");
        }
        return v.asText();
    }

    private static Endpoint endpoint(Path file, JsonNode node, String field) {
        try {
            return Endpoint.parse(text(file, node, field));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + field + ": " + e.getMessage(), e);
        }
    }
}
