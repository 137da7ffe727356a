package io.meshledger.node.config;

import io.meshledger.core.validators.Validator;
import io.meshledger.node.TestNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** node.yaml is read strictly: every error is one line naming the file, the key, the problem and the fix. */
class NodeConfigCodecTest {
    /** A complete node.yaml as network init writes it. */
    private static final String VALID = """
            node: node1
            org: org1
            genesis: ../../genesis.json
            data_dir: data
            identity:
              certificate: node.crt
              key: node.key
            peer_listen: 127.0.0.1:7050
            api_listen: 127.0.0.1:7051
            metrics_listen: 127.0.0.1:7052
            mempool:
              capacity: 100000
              max_bytes: 268435456
            """;

    @TempDir
    Path dir;

    @Test
    void everyNodeYamlNetworkInitWritesLoadsAndWritesBackTheSameSettings() {
        TestNetwork net = TestNetwork.create(dir.resolve("net"), 2, 4);
        for (Validator v : net.genesis().validators().validators()) {
            Path file = net.layout().nodeConfig(v.name());
            NodeConfig loaded = NodeConfigCodec.load(file);
            assertEquals(v.name(), loaded.name());
            assertEquals(v.org(), loaded.org());
            assertEquals(v.endpoint(), loaded.peerListen().toString());
            assertEquals(NodeConfig.DEFAULT_BLOCK_CACHE_MB, loaded.blockCacheMb());
            Path copy = dir.resolve("copies").resolve(v.name()).resolve("node.yaml");
            write(copy, NodeConfigCodec.toYaml(loaded, copy.getParent()));
            assertEquals(loaded, NodeConfigCodec.load(copy));
            try {
                assertEquals(Files.readString(file), NodeConfigCodec.toYaml(loaded, file.getParent()),
                        "network init's file is exactly what toYaml writes, storage left out");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void leftOutSettingsTakeTheirDefaults() {
        NodeConfig c = load("""
                node: node1
                org: org1
                genesis: ../genesis.json
                data_dir: data
                identity: {certificate: node.crt, key: node.key}
                peer_listen: 127.0.0.1:7050
                api_listen: 127.0.0.1:7051
                """);
        assertEquals(NodeConfigCodec.DEFAULT_MEMPOOL_CAPACITY, c.mempoolCapacity());
        assertEquals(NodeConfigCodec.DEFAULT_MEMPOOL_MAX_BYTES, c.mempoolMaxBytes());
        assertEquals(Optional.empty(), c.metricsListen());
        assertEquals(64, c.blockCacheMb());
        assertEquals(64L << 20, c.blockCacheBytes());
        assertEquals(dir.resolve("genesis.json").toAbsolutePath().normalize(), c.genesis());
        assertEquals(dir.resolve("node/data").toAbsolutePath(), c.dataDir());
    }

    @Test
    void theBlockCacheSizeIsReadAndWrittenBackOnlyWhenNotTheDefault() {
        NodeConfig c = load(VALID + "storage:\n  block_cache_mb: 256\n");
        assertEquals(256, c.blockCacheMb());
        assertEquals(256L << 20, c.blockCacheBytes());
        Path nodeDir = dir.resolve("node");
        String yaml = NodeConfigCodec.toYaml(c, nodeDir);
        assertTrue(yaml.contains("storage:\n  block_cache_mb: 256\n"), yaml);
        write(nodeDir.resolve("again.yaml"), yaml);
        assertEquals(c, NodeConfigCodec.load(nodeDir.resolve("again.yaml")));
        assertFalse(NodeConfigCodec.toYaml(load(VALID + "storage:\n  block_cache_mb: 64\n"), nodeDir)
                .contains("storage"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            mempol:                     | mempol: unknown key (did you mean 'mempool'?); fix: rename it to 'mempool'
            Peer-Listen: 1.2.3.4:1      | Peer-Listen: unknown key (did you mean 'peer_listen'?); fix: rename it to 'peer_listen'
            metrics: 127.0.0.1:9        | metrics: unknown key (did you mean 'metrics_listen'?); fix: rename it to 'metrics_listen'
            capacity: 5                 | capacity: unknown key here (did you mean 'mempool.capacity'?); fix: move it under 'mempool:' as 'capacity'
            block_cache_mb: 5           | block_cache_mb: unknown key here (did you mean 'storage.block_cache_mb'?); fix: move it under 'storage:' as 'block_cache_mb'
            colour: blue                | colour: unknown key; fix: remove it; the keys known at the top level are node, org, genesis, data_dir, identity, peer_listen, api_listen, metrics_listen, mempool, storage
            """)
    void anUnknownTopLevelKeyIsNamedWithTheKeyMostLikelyMeant(String extraLine, String expected) {
        assertEquals(file() + ": " + expected, error(VALID + extraLine + "\n"));
    }

    @Test
    void anUnknownKeyInsideIdentityIsNamedByItsFullPath() {
        assertEquals(file() + ": identity.cert: unknown key (did you mean 'identity.certificate'?); fix: rename it"
                + " to 'certificate'", error(VALID.replace("  certificate: node.crt", "  cert: node.crt")));
        assertEquals(file() + ": identity.pin: unknown key; fix: remove it; the keys known under 'identity:' are"
                + " certificate, key", error(VALID.replace("  key: node.key", "  key: node.key\n  pin: 1234")));
    }

    @Test
    void anUnknownKeyInsideMempoolOrStorageIsNamedByItsFullPath() {
        assertEquals(file() + ": mempool.capasity: unknown key (did you mean 'mempool.capacity'?); fix: rename it"
                + " to 'capacity'", error(VALID.replace("capacity: 100000", "capasity: 100000")));
        assertEquals(file() + ": storage.block_cache: unknown key (did you mean 'storage.block_cache_mb'?); fix:"
                + " rename it to 'block_cache_mb'", error(VALID + "storage:\n  block_cache: 128\n"));
        assertEquals(file() + ": storage.wal_mb: unknown key; fix: remove it; the keys known under 'storage:' are"
                + " block_cache_mb", error(VALID + "storage:\n  wal_mb: 128\n"));
    }

    @Test
    void aWordWhereANumberBelongsNamesTheKeyTheExpectationAndTheDefault() {
        assertEquals(file() + ": mempool.capacity: expected a whole number from 1 to 10000000, found the string"
                        + " \"lots\"; fix: set mempool.capacity to a whole number from 1 to 10000000, or remove it to"
                        + " use the default (100000)",
                error(VALID.replace("capacity: 100000", "capacity: lots")));
    }

    @Test
    void numbersOfTheWrongKindOrOutOfRangeAreRefused() {
        assertContains(error(VALID.replace("capacity: 100000", "capacity: 1.5")),
                "mempool.capacity: expected a whole number from 1 to 10000000, found the number 1.5; fix:");
        assertContains(error(VALID.replace("capacity: 100000", "capacity: 0")),
                "mempool.capacity: expected a whole number from 1 to 10000000, found 0 (too small); fix:");
        assertContains(error(VALID.replace("max_bytes: 268435456", "max_bytes: 100")),
                "mempool.max_bytes: expected a whole number from 1024 to 68719476736 bytes, found 100 bytes"
                        + " (too small); fix:");
        assertContains(error(VALID.replace("max_bytes: 268435456", "max_bytes: 99999999999999999999999")),
                "mempool.max_bytes: expected a whole number from 1024 to 68719476736 bytes, found"
                        + " 99999999999999999999999 bytes (too large); fix:");
        assertEquals(file() + ": storage.block_cache_mb: expected a whole number from 8 to 65536 MiB, found 4 MiB"
                        + " (too small); fix: set storage.block_cache_mb to a whole number from 8 to 65536 MiB, or"
                        + " remove it to use the default (64 MiB)",
                error(VALID + "storage:\n  block_cache_mb: 4\n"));
        assertContains(error(VALID + "storage:\n  block_cache_mb: \"128\"\n"),
                "storage.block_cache_mb: expected a whole number from 8 to 65536 MiB, found the string"
                        + " \"128\"; fix:");
    }

    @Test
    void aNumberOrAMappingWhereAStringBelongsIsRefused() {
        assertEquals(file() + ": node: expected a string (the validator name genesis.json gives this node, e.g."
                        + " node1), found the number 7; fix: set node to the validator name genesis.json gives this"
                        + " node, e.g. node1 (quote it if it really is '7')",
                error(VALID.replace("node: node1", "node: 7")));
        assertContains(error(VALID.replace("org: org1", "org: [org1]")),
                ": org: expected a string (the organisation running this node, e.g. org1), found a list;");
        assertContains(error(VALID.replace("data_dir: data", "data_dir: \"\"")),
                ": data_dir: expected the node's data directory, e.g. data, found no value; fix:");
    }

    @Test
    void aMappingWrittenAsAValueIsRefused() {
        assertEquals(file() + ": identity: expected a mapping of certificate, key, found the string \"node.crt\";"
                        + " fix: write 'identity:' alone on its line with its keys indented below it",
                error(VALID.replace("identity:\n  certificate: node.crt\n  key: node.key", "identity: node.crt")));
        assertContains(error(VALID.replace("mempool:\n  capacity: 100000\n  max_bytes: 268435456", "mempool:")),
                ": mempool: expected a mapping of capacity, max_bytes, found no value; fix: write"
                        + " 'mempool:' alone on its line with its keys indented below it, or remove it to use the"
                        + " defaults");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            localhost            | expected host:port with a port from 1 to 65535, found "localhost"
            "127.0.0.1:"         | expected host:port with a port from 1 to 65535, found "127.0.0.1:"
            127.0.0.1:http       | the port in "127.0.0.1:http" is not a number from 1 to 65535
            127.0.0.1:70000      | the port in "127.0.0.1:70000" is 70000, outside 1 to 65535
            127.0.0.1:0          | the port in "127.0.0.1:0" is 0, outside 1 to 65535
            7050                 | expected host:port with a port from 1 to 65535, found the number 7050
            """)
    void aListenAddressMustBeHostColonPort(String value, String problem) {
        assertEquals(file() + ": api_listen: " + problem + "; fix: set api_listen to host:port with a port from 1"
                        + " to 65535, e.g. 127.0.0.1:7051",
                error(VALID.replace("api_listen: 127.0.0.1:7051", "api_listen: " + value)));
    }

    @Test
    void anEmptyOptionalAddressIsAnErrorNotASilentlyDisabledEndpoint() {
        assertContains(error(VALID.replace("metrics_listen: 127.0.0.1:7052", "metrics_listen:")),
                ": metrics_listen: expected host:port with a port from 1 to 65535, found no value; fix:");
    }

    @Test
    void aMissingRequiredKeyIsNamedWithWhatToAdd() {
        assertEquals(file() + ": api_listen: missing (it is required); fix: add api_listen: <host:port>, e.g."
                + " 127.0.0.1:7051", error(VALID.replace("api_listen: 127.0.0.1:7051\n", "")));
        assertEquals(file() + ": identity.key: missing (it is required); fix: add identity.key: <the node's private"
                + " key file, e.g. node.key>", error(VALID.replace("  key: node.key\n", "")));
        assertContains(error(VALID.replace("identity:\n  certificate: node.crt\n  key: node.key\n", "")),
                ": identity: missing (it is required); fix: add the mapping 'identity:' with its keys"
                        + " certificate, key indented below it");
    }

    @Test
    void aKeyWrittenTwiceIsRefusedWithItsLine() {
        assertEquals(file() + ": the key 'org' appears twice at line 14, column 4; fix: keep one of them",
                error(VALID + "org: org2\n"));
    }

    @Test
    void brokenYamlIsOneLineWithThePosition() {
        String message = error(VALID.replace("data_dir: data", "data_dir: data: more"));
        assertTrue(message.startsWith(file() + ": not valid YAML at line 4, column 15: mapping values are not"
                + " allowed here; fix: correct the syntax there"), message);
    }

    @Test
    void aFileThatIsNotAMappingIsRefused() {
        assertTrue(error("- node1\n- node2\n").startsWith(file() + ": expected a mapping of settings (node: ..., org:"
                + " ...), found a list; fix:"));
        assertTrue(error("").startsWith(file() + ": the file is empty; fix:"));
    }

    @Test
    void aMissingFileOrADirectoryIsNamed() {
        Path missing = dir.resolve("nowhere.yaml");
        assertEquals(missing + ": no such file; fix: pass --config the node.yaml that network init wrote"
                + " (D/nodes/<node>/node.yaml)", assertThrows(ConfigException.class,
                () -> NodeConfigCodec.load(missing)).getMessage());
        assertEquals(dir + ": is a directory, not a file; fix: pass --config the node.yaml that network init wrote"
                + " (D/nodes/<node>/node.yaml)", assertThrows(ConfigException.class,
                () -> NodeConfigCodec.load(dir)).getMessage());
    }

    private static void assertContains(String message, String part) {
        assertTrue(message.contains(part), message);
    }

    private Path file() {
        return dir.resolve("node").resolve("node.yaml");
    }

    private NodeConfig load(String yaml) {
        write(file(), yaml);
        return NodeConfigCodec.load(file());
    }

    /** The message of loading {@code yaml}, checked to be one line with a fix. */
    private String error(String yaml) {
        write(file(), yaml);
        String message = assertThrows(ConfigException.class, () -> NodeConfigCodec.load(file())).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(message.startsWith(file() + ": "), message);
        assertTrue(message.contains("; fix: "), message);
        return message;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
