package io.meshledger.node.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes {@code node.yaml}. Reading is strict (see {@link NodeYamlReader}):
 * an unknown key, a value of the wrong type or out of range, or a syntax error
 * is one {@link ConfigException} line naming the file, the key and the fix.
 */
public final class NodeConfigCodec {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            // A key written twice is a mistake to report, not a value to overwrite silently.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    /** Defaults for settings a node.yaml may leave out. */
    public static final int DEFAULT_MEMPOOL_CAPACITY = 100_000;
    public static final long DEFAULT_MEMPOOL_MAX_BYTES = 256L * 1024 * 1024;

    private NodeConfigCodec() {
    }

    /**
     * Reads and validates {@code file}; relative paths in it resolve against its directory.
     *
     * @throws ConfigException naming the file, the key, the problem and the fix
     */
    public static NodeConfig load(Path file) {
        return new NodeYamlReader(file).read(parse(file, read(file)));
    }

    private static String read(Path file) {
        String fix = "pass --config the node.yaml that network init wrote (D/nodes/<node>/node.yaml)";
        if (Files.isDirectory(file)) {
            throw ConfigException.problem(file.toString(), "is a directory, not a file", fix);
        }
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw ConfigException.problem(file.toString(), "no such file", fix);
        } catch (AccessDeniedException e) {
            throw ConfigException.problem(file.toString(), "permission denied",
                    "make it readable by the user running the node (chown or chmod u+r)");
        } catch (java.nio.charset.MalformedInputException e) {
            throw ConfigException.problem(file.toString(), "is not UTF-8 text", fix);
        } catch (IOException e) {
            throw ConfigException.problem(file.toString(), "cannot be read: " + e.getMessage(), fix, e);
        }
    }

    private static JsonNode parse(Path file, String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            // SnakeYAML's messages span several lines with a caret drawing; keep the first line and the position.
            String what = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            JsonLocation at = e.getLocation();
            String position = at == null || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            if (what.startsWith("Duplicate field")) {
                throw ConfigException.problem(file.toString(), what.replace("Duplicate field", "the key")
                        + " appears twice" + position, "keep one of them", e);
            }
            throw ConfigException.problem(file.toString(), "not valid YAML" + position + ": " + what,
                    "correct the syntax there ('key: value' per line, nested keys indented by spaces, no tabs)", e);
        } catch (IOException e) {
            throw ConfigException.problem(file.toString(), "cannot be read: " + e.getMessage(),
                    "check the file", e);
        }
    }

    /** YAML text of {@code config}, with paths written relative to {@code dir}; default storage settings are left out. */
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
        if (config.blockCacheMb() != NodeConfig.DEFAULT_BLOCK_CACHE_MB) {
            root.putObject("storage").put("block_cache_mb", config.blockCacheMb());
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new ConfigException("cannot encode node.yaml: " + e.getMessage(), e);
        }
    }

    private static String relative(Path dir, Path p) {
        return dir.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize()).toString();
    }
}
