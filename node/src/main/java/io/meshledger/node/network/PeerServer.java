package io.meshledger.node.network;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.validators.ValidatorSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The inbound side of the peer network: a gRPC server over Netty with mutual
 * TLS, serving {@code meshledger.peer.v1.Peer} to the validators of the set and
 * to no one else.
 *
 * <p>Threading: calls run on the Netty transport threads ({@code directExecutor}),
 * which is safe because the streaming handlers only decode and enqueue (the
 * {@link PeerInbox} contract); fetches are moved to a small bounded pool.
 */
public final class PeerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerServer.class);

    /** A validator needs two streams and a few fetches; more is misuse. */
    private static final int MAX_CALLS_PER_CONNECTION = 32;

    private final Server server;
    private final ThreadPoolExecutor fetchPool;
    private final PeerAuthInterceptor auth;
    private final MisbehaviourTracker misbehaviour;
    private final PeerServerOptions options;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PeerServer(Server server, ThreadPoolExecutor fetchPool, PeerAuthInterceptor auth,
                       MisbehaviourTracker misbehaviour, PeerServerOptions options) {
        this.server = server;
        this.fetchPool = fetchPool;
        this.auth = auth;
        this.misbehaviour = misbehaviour;
        this.options = options;
        this.port = server.getPort();
    }

    /**
     * Binds and starts serving.
     *
     * @param options    where to listen and the limits
     * @param tls        this node's credentials and the genesis roots
     * @param validators who may call
     * @param inbox      where decoded messages and transactions go
     * @param blocks     what fetches are served from
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static PeerServer start(PeerServerOptions options, PeerTls tls, ValidatorSet validators, PeerInbox inbox,
                                   BlockSource blocks) {
        MisbehaviourTracker misbehaviour = new MisbehaviourTracker(options.malformedThreshold(), options.cutOffFor(),
                System::nanoTime);
        PeerAuthInterceptor auth = new PeerAuthInterceptor(validators);
        ThreadPoolExecutor fetchPool = fetchPool(options, tls.self());
        PeerService service = new PeerService(tls.self(), inbox, blocks, misbehaviour, fetchPool,
                options.maxFetchBlocks());
        Server server = NettyServerBuilder
                .forAddress(new InetSocketAddress(options.listen().host(), options.listen().port()))
                .sslContext(tls.serverContext())
                .directExecutor()
                .intercept(auth)
                .addService(service.definition())
                .maxInboundMessageSize(options.maxMessageBytes())
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                .handshakeTimeout(10, TimeUnit.SECONDS)
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            fetchPool.shutdownNow();
            throw new UncheckedIOException("cannot listen for peers on " + options.listen(), e);
        }
        log.debug("peer server of {} listening on {}:{}", tls.self(), options.listen().host(), server.getPort());
        return new PeerServer(server, fetchPool, auth, misbehaviour, options);
    }

    private static ThreadPoolExecutor fetchPool(PeerServerOptions options, IdentityId self) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(options.fetchThreads(), options.fetchThreads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(options.fetchQueue()), r -> {
                    Thread t = new Thread(r, "peer-fetch-" + self + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The bound port (the chosen one when listening on port 0). */
    public int port() {
        return port;
    }

    /** Malformed messages received from {@code peer} so far. */
    public long malformedCount(IdentityId peer) {
        return misbehaviour.malformed(peer);
    }

    /** Times {@code peer} was cut off for malformed messages. */
    public long cutOffs(IdentityId peer) {
        return misbehaviour.cutOffs(peer);
    }

    /** Calls refused because the caller was not an authenticated validator. */
    public long deniedCalls() {
        return auth.denied();
    }

    /**
     * Stops accepting calls, gives open calls the shutdown grace to finish, then
     * cancels the rest; bounded by twice the grace plus the fetch pool's grace.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long graceMs = options.shutdownGrace().toMillis();
        server.shutdown();
        fetchPool.shutdown();
        try {
            if (!server.awaitTermination(graceMs, TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(graceMs, TimeUnit.MILLISECONDS);
            }
            if (!fetchPool.awaitTermination(graceMs, TimeUnit.MILLISECONDS)) {
                fetchPool.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            fetchPool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.debug("peer server on port {} stopped", port);
    }
}
