package io.meshledger.node.api;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.meshledger.node.config.Endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The client API's gRPC server: the {@code meshledger.v1} services plus the standard health service. */
public final class ApiServer implements AutoCloseable {
    private static final int MAX_MESSAGE_BYTES = 64 << 20;

    private final Server server;
    private final HealthStatusManager health;

    private ApiServer(Server server, HealthStatusManager health) {
        this.server = server;
        this.health = health;
    }

    /** Listens on {@code listen} and serves {@code services}. */
    public static ApiServer start(Endpoint listen, List<BindableService> services) {
        HealthStatusManager health = new HealthStatusManager();
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(listen.host(), listen.port()))
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .addService(health.getHealthService());
        services.forEach(b::addService);
        try {
            return new ApiServer(b.build().start(), health);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for clients on " + listen, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /**
     * The first step of a stop: the health service reports NOT_SERVING (to
     * watchers at once) and new calls are refused with UNAVAILABLE; calls
     * already running go on. Idempotent.
     */
    public void stopAccepting() {
        health.enterTerminalState();
        server.shutdown();
    }

    /**
     * Stops accepting (if not done yet), gives running calls up to a second to
     * finish (a client waiting for a commit gets it, or asks another node for
     * its transaction's status), then cancels what is left.
     */
    @Override
    public void close() throws InterruptedException {
        stopAccepting();
        if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
            server.shutdownNow();
            server.awaitTermination(500, TimeUnit.MILLISECONDS);
        }
    }
}
