package io.meshledger.node.startup;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.config.Endpoint;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.config.NodeConfigCodec;
import io.meshledger.node.storage.RocksLedgerStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A real network definition (network init) and node1's settings on free loopback ports, for startup tests. */
final class StartupFixture {
    private final TestNetwork network;
    private final Path dir;

    private StartupFixture(TestNetwork network, Path dir) {
        this.network = network;
        this.dir = dir;
    }

    /** A 2-org, 4-node network written into {@code dir}. */
    static StartupFixture create(Path dir) {
        return new StartupFixture(TestNetwork.create(dir, 2, 4), dir);
    }

    TestNetwork network() {
        return network;
    }

    /** node1's settings as network init wrote them, with free ports and its own data directory. */
    NodeConfig node1() {
        NodeConfig c = NodeConfigCodec.load(network.layout().nodeConfig("node1"));
        List<Integer> ports = freePorts(3);
        return new NodeConfig(c.name(), c.org(), c.genesis(), dir.resolve("data-node1"), c.certificate(), c.key(),
                new Endpoint("127.0.0.1", ports.get(0)), new Endpoint("127.0.0.1", ports.get(1)), c.mempoolCapacity(),
                c.mempoolMaxBytes(), Optional.of(new Endpoint("127.0.0.1", ports.get(2))), c.blockCacheMb());
    }

    static NodeConfig withDataDir(NodeConfig c, Path dataDir) {
        return new NodeConfig(c.name(), c.org(), c.genesis(), dataDir, c.certificate(), c.key(), c.peerListen(),
                c.apiListen(), c.mempoolCapacity(), c.mempoolMaxBytes(), c.metricsListen(), c.blockCacheMb());
    }

    static NodeConfig withIdentity(NodeConfig c, Path certificate, Path key) {
        return new NodeConfig(c.name(), c.org(), c.genesis(), c.dataDir(), certificate, key, c.peerListen(),
                c.apiListen(), c.mempoolCapacity(), c.mempoolMaxBytes(), c.metricsListen(), c.blockCacheMb());
    }

    /** {@code c} with the address of {@code key} (peer_listen, api_listen or metrics_listen) replaced. */
    static NodeConfig withListen(NodeConfig c, String key, Endpoint e) {
        return new NodeConfig(c.name(), c.org(), c.genesis(), c.dataDir(), c.certificate(), c.key(),
                key.equals("peer_listen") ? e : c.peerListen(), key.equals("api_listen") ? e : c.apiListen(),
                c.mempoolCapacity(), c.mempoolMaxBytes(),
                key.equals("metrics_listen") ? Optional.of(e) : c.metricsListen(), c.blockCacheMb());
    }

    /** Ports the kernel hands out as free right now, all distinct. */
    static List<Integer> freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Only a probe.
                }
            }
        }
    }

    /**
     * Writes {@code count} empty blocks of {@code chainId}, proposed by {@code proposer},
     * into a store at {@code dataDir} the way stores were written before they recorded
     * a genesis marker.
     */
    static void writeUnmarkedChain(Path dataDir, String chainId, Bytes proposer, int count) {
        Hash empty = MerkleAccumulator.emptyRoot();
        try (RocksLedgerStore store = RocksLedgerStore.open(dataDir)) {
            Hash parent = Hash.ZERO;
            for (long h = 1; h <= count; h++) {
                Block block = Block.create(new BlockHeader(chainId, 0, h, h, parent, empty, empty, 0,
                        1_700_000_000_000L + h, proposer), List.of());
                store.append(block, null);
                parent = block.hash();
            }
        }
    }

    /** Every file under {@code dir} with its bytes, to tell whether anything in it changed. */
    static TreeMap<String, Bytes> snapshot(Path dir) {
        TreeMap<String, Bytes> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Bytes.wrap(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
