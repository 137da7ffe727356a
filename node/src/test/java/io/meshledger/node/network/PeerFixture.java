package io.meshledger.node.network;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.config.Endpoint;
import io.meshledger.node.consensus.Proposal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Peer servers and clients of a {@link TestNetwork}'s validators on free
 * loopback ports. Node {@code i} is validator {@code i} (0-based) of genesis.
 * A validator without a running server resolves to a port nobody listens on.
 */
final class PeerFixture implements AutoCloseable {
    static final PeerClientOptions CLIENT_OPTIONS = PeerClientOptions.defaults()
            .withBackoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)))
            .withFetchDeadline(Duration.ofSeconds(3));

    final TestNetwork net;
    private final Map<IdentityId, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final List<Runnable> started = new CopyOnWriteArrayList<>();

    PeerFixture(TestNetwork net) {
        this.net = net;
    }

    Validator validator(int i) {
        return net.genesis().validators().validators().get(i);
    }

    IdentityId id(int i) {
        return validator(i).id();
    }

    PeerCredentials credentials(int i) {
        String node = validator(i).name();
        return PeerCredentials.load(net.layout().nodeDir(node).resolve("node.crt"),
                net.layout().nodeDir(node).resolve("node.key"));
    }

    PeerTls tls(int i) {
        return tls(credentials(i));
    }

    PeerTls tls(PeerCredentials credentials) {
        return PeerTls.create(credentials, net.genesis().roots().values());
    }

    static PeerServerOptions serverOptions(int port) {
        return PeerServerOptions.defaults(new Endpoint("127.0.0.1", port)).withShutdownGrace(Duration.ofMillis(200));
    }

    /** Starts node i's server on a free port (or {@code port}) and publishes its address to later clients. */
    PeerServer startServer(int i, PeerInbox inbox, BlockSource blocks, PeerServerOptions options) {
        PeerServer server = PeerServer.start(options, tls(i), net.genesis().validators(), inbox, blocks);
        started.add(server::close);
        endpoints.put(id(i), new Endpoint("127.0.0.1", server.port()));
        return server;
    }

    PeerServer startServer(int i, PeerInbox inbox) {
        return startServer(i, inbox, NO_BLOCKS, serverOptions(0));
    }

    /** Node i's server on the given TLS engine. */
    PeerServer startServer(int i, PeerInbox inbox, io.netty.handler.ssl.SslProvider engine) {
        PeerServer server = PeerServer.start(serverOptions(0),
                PeerTls.create(credentials(i), net.genesis().roots().values(), engine), net.genesis().validators(),
                inbox, NO_BLOCKS);
        started.add(server::close);
        endpoints.put(id(i), new Endpoint("127.0.0.1", server.port()));
        return server;
    }

    PeerClients startClients(int i, PeerClientOptions options) {
        PeerClients clients = PeerClients.start(tls(i), net.genesis().validators(), this::endpointOf, options,
                new Random(i));
        started.add(clients::close);
        return clients;
    }

    /** Points validator {@code i}'s address at {@code endpoint} (e.g. an impostor). */
    void route(int i, Endpoint endpoint) {
        endpoints.put(id(i), endpoint);
    }

    Endpoint endpointOf(Validator v) {
        return endpoints.computeIfAbsent(v.id(), id -> new Endpoint("127.0.0.1", closedPort()));
    }

    /**
     * A loopback port that refuses connections until the fixture closes: bound
     * but never listening. A released port could be handed to the next server
     * started on port 0, and the "absent" validator would answer.
     */
    private int closedPort() {
        Socket held = new Socket();
        started.add(() -> closeQuietly(held));
        try {
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return held.getLocalPort();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing an unconnected socket has nothing to lose.
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).run();
        }
    }

    static final BlockSource NO_BLOCKS = new BlockSource() {
        @Override
        public List<CertifiedBlock> blocks(long fromHeight, int max) {
            return List.of();
        }

        @Override
        public Optional<Proposal> proposal(Hash blockHash) {
            return Optional.empty();
        }
    };
}
