package io.meshledger.node.startup;

import io.meshledger.core.Bytes;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.node.Node;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.config.ConfigException;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.storage.GenesisMarker;
import io.meshledger.node.storage.ReadOnlyLedgerStore;
import io.meshledger.node.storage.RocksLedgerStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A data directory belongs to one network: the first start records which,
 * later starts with another genesis are refused without a byte of it changing,
 * and a directory held by a running node is refused in one line.
 */
class DataDirectoryTest {
    @TempDir
    Path dir;

    private StartupFixture fixture;
    private Genesis genesis;
    private NodeConfig config;

    @BeforeEach
    void network() {
        fixture = StartupFixture.create(dir.resolve("net"));
        genesis = fixture.network().genesis();
        config = fixture.node1();
    }

    @Test
    void theMarkerIsTheChainIdAndTheDigestOfTheCanonicalGenesis() {
        GenesisMarker marker = DataDirectory.markerOf(genesis);
        assertEquals(genesis.chainId(), marker.chainId());
        assertEquals(marker, DataDirectory.markerOf(GenesisCodec.parse(
                GenesisCodec.toJson(genesis).replace("\n", "\n  "), "reindented")),
                "whitespace does not change the digest");
        Genesis other = TestNetwork.create(dir.resolve("other"), 2, 4).genesis();
        assertEquals(other.chainId(), genesis.chainId(), "network init gives every network the same chain id");
        assertNotEquals(marker, DataDirectory.markerOf(other), "so the digest tells them apart");
    }

    @Test
    void aNodesFirstStartRecordsItsGenesisAndTheNextStartAcceptsIt() {
        Node.start(config).close();
        assertEquals(Optional.of(DataDirectory.markerOf(genesis)), recordedMarker(config.dataDir()));
        Node.start(config).close();
        assertEquals(Optional.of(DataDirectory.markerOf(genesis)), recordedMarker(config.dataDir()));
    }

    @Test
    void anotherNetworksGenesisIsRefusedAndTheDataDirectoryIsLeftUnchanged() {
        Node.start(config).close();
        TreeMap<String, Bytes> before = StartupFixture.snapshot(config.dataDir());
        NodeConfig otherNetwork = StartupFixture.withDataDir(
                StartupFixture.create(dir.resolve("other")).node1(), config.dataDir());
        GenesisMarker ours = DataDirectory.markerOf(genesis);
        GenesisMarker theirs = DataDirectory.markerOf(GenesisCodec.load(otherNetwork.genesis()));
        ConfigException e = assertThrows(ConfigException.class, () -> Node.start(otherNetwork));
        assertEquals("data_dir: " + config.dataDir() + " belongs to chain 'test-chain' (genesis sha256 "
                + ours.genesisDigest().toHex() + ") but " + otherNetwork.genesis() + " is chain 'test-chain' (genesis"
                + " sha256 " + theirs.genesisDigest().toHex() + "); fix: point data_dir at this network's data"
                + " directory, or move " + config.dataDir() + " away to start this node with an empty one",
                e.getMessage());
        assertEquals(before, StartupFixture.snapshot(config.dataDir()), "not a byte of the data directory changed");
    }

    @Test
    void aStoreWrittenBeforeMarkersOfThisNetworkOpensAndGetsItsMarker() {
        Bytes node2 = genesis.validators().validators().get(1).id().toBytes();
        StartupFixture.writeUnmarkedChain(config.dataDir(), genesis.chainId(), node2, 3);
        assertEquals(Optional.empty(), recordedMarker(config.dataDir()));
        DataDirectory.check(config, genesis);
        try (RocksLedgerStore store = DataDirectory.open(config, DataDirectory.markerOf(genesis))) {
            assertEquals(3, store.tip().height());
            assertEquals(Optional.of(DataDirectory.markerOf(genesis)), store.genesisMarker());
        }
    }

    @Test
    void aStoreWrittenBeforeMarkersOfAnotherChainIsRefusedUnchanged() {
        Bytes node2 = genesis.validators().validators().get(1).id().toBytes();
        StartupFixture.writeUnmarkedChain(config.dataDir(), "another-chain", node2, 2);
        TreeMap<String, Bytes> before = StartupFixture.snapshot(config.dataDir());
        assertEquals("data_dir: " + config.dataDir() + " holds blocks of chain 'another-chain' (block 1) but "
                + config.genesis() + " is chain 'test-chain'; fix: point data_dir at this network's data directory,"
                + " or move " + config.dataDir() + " away to start this node with an empty one",
                assertThrows(ConfigException.class, () -> Node.start(config)).getMessage());
        assertEquals(before, StartupFixture.snapshot(config.dataDir()));
    }

    @Test
    void aStoreWrittenBeforeMarkersByValidatorsGenesisDoesNotNameIsRefused() {
        Bytes stranger = Bytes.wrap(new byte[32]);
        StartupFixture.writeUnmarkedChain(config.dataDir(), genesis.chainId(), stranger, 2);
        String message = assertThrows(ConfigException.class, () -> DataDirectory.check(config, genesis)).getMessage();
        assertTrue(message.startsWith("data_dir: " + config.dataDir() + " holds block 1 of chain 'test-chain'"
                + " proposed by " + "00".repeat(32) + ", which is not a validator in " + config.genesis()), message);
    }

    @Test
    void aFileInPlaceOfTheDataDirectoryIsRefused() throws IOException {
        Files.writeString(config.dataDir(), "not a directory");
        assertEquals("data_dir: " + config.dataDir() + " is a file, not a directory; fix: point data_dir at a"
                + " directory (it is created on first start)",
                assertThrows(ConfigException.class, () -> Node.start(config)).getMessage());
    }

    @Test
    void aDataDirectoryHeldByAnotherRunningProcessIsRefusedInOneLine() throws Exception {
        Node.start(config).close();
        Process holder = new ProcessBuilder(javaBinary(), "-Xmx128m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), StoreHolder.class.getName(),
                config.dataDir().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            assertTrue(line != null && line.startsWith("open"), "the holder opened the store: " + line);
            assertEquals("data_dir: " + config.dataDir() + " is in use by another running node (its RocksDB LOCK is"
                    + " held); fix: stop that node first, or give this node its own data_dir",
                    assertThrows(ConfigException.class, () -> Node.start(config)).getMessage());
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(20, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        assertEquals(0, holder.exitValue(), "the holder closed the store normally");
        Node.start(config).close();
    }

    @Test
    void aStoreOpenInThisProcessIsReportedAsInUseToo() {
        try (RocksLedgerStore held = DataDirectory.open(config, DataDirectory.markerOf(genesis))) {
            assertEquals("data_dir: " + config.dataDir() + " is in use by another running node (its RocksDB LOCK is"
                    + " held); fix: stop that node first, or give this node its own data_dir",
                    assertThrows(ConfigException.class,
                            () -> DataDirectory.open(config, DataDirectory.markerOf(genesis))).getMessage());
        }
    }

    private Optional<GenesisMarker> recordedMarker(Path dataDir) {
        try (ReadOnlyLedgerStore store = ReadOnlyLedgerStore.open(dataDir, dir.resolve("rocks-log"))) {
            return store.genesisMarker();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
