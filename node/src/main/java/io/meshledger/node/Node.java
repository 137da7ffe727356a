package io.meshledger.node;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.BatchVerifier;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.identity.MembershipValidator;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.validators.ValidatorSet;
import io.meshledger.node.api.AdminService;
import io.meshledger.node.api.ApiServer;
import io.meshledger.node.api.CommitFeed;
import io.meshledger.node.api.CommitWaiters;
import io.meshledger.node.api.LedgerService;
import io.meshledger.node.api.QueryService;
import io.meshledger.node.api.ReadAccess;
import io.meshledger.node.api.StatusSource;
import io.meshledger.node.api.StreamLimits;
import io.meshledger.node.api.StreamService;
import io.meshledger.node.certification.CertificateCollector;
import io.meshledger.node.certification.LedgerCertifier;
import io.meshledger.node.commit.CommitPipeline;
import io.meshledger.node.sync.CertificateBackfill;
import io.meshledger.node.execution.BlockExecutor;
import io.meshledger.node.execution.ExecutorFactory;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.consensus.CommittedRoot;
import io.meshledger.node.consensus.ConsensusContext;
import io.meshledger.node.consensus.ConsensusCore;
import io.meshledger.node.consensus.ConsensusEvent;
import io.meshledger.node.consensus.MessageVerifier;
import io.meshledger.node.consensus.Proposal;
import io.meshledger.node.consensus.SafetyData;
import io.meshledger.node.consensus.SafetyRules;
import io.meshledger.node.driver.ConsensusDriver;
import io.meshledger.node.logging.NodeLogStatus;
import io.meshledger.node.mempool.Admission;
import io.meshledger.node.mempool.Mempool;
import io.meshledger.node.mempool.PayloadCheck;
import io.meshledger.node.mempool.VerifiedSignatures;
import io.meshledger.node.metrics.CommitMeters;
import io.meshledger.node.metrics.ConsensusMeters;
import io.meshledger.node.metrics.LedgerMeters;
import io.meshledger.node.metrics.MetricsServer;
import io.meshledger.node.metrics.NodeMetrics;
import io.meshledger.node.metrics.PeerMeters;
import io.meshledger.node.metrics.StorageMeters;
import io.meshledger.node.metrics.SyncMeters;
import io.meshledger.node.network.PeerClientOptions;
import io.meshledger.node.network.PeerClients;
import io.meshledger.node.network.PeerCredentials;
import io.meshledger.node.network.PeerDirectory;
import io.meshledger.node.network.PeerServer;
import io.meshledger.node.network.PeerServerOptions;
import io.meshledger.node.network.PeerTls;
import io.meshledger.node.startup.DataDirectory;
import io.meshledger.node.startup.ListenAddresses;
import io.meshledger.node.startup.Preflight;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.node.sync.BlockSync;
import io.meshledger.node.sync.SyncPeers;
import io.meshledger.node.sync.StoreBlockSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One running validator node: wires the stages (admission and mempool,
 * consensus and its driver, commit and certification, block sync, storage,
 * peer network, client API) and owns their threads. {@link #close} stops
 * accepting work, lets the block being written finish, and closes RocksDB,
 * all within {@link #STOP_BUDGET}.
 */
public final class Node implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Node.class);
    /**
     * The whole stop, from the first refused request to RocksDB closed: the
     * process must exit within 5 s of SIGTERM, JVM exit included. Each wait
     * has its own bound below this; the ledger writer gets what is left.
     */
    private static final Duration STOP_BUDGET = Duration.ofMillis(4_000);
    /** Kept for the steps after the writer (network, RocksDB) when the writer is slow. */
    private static final Duration AFTER_WRITER = Duration.ofMillis(1_000);
    /**
     * How long a transaction verified here waits for its co-verifiers' vouches before it is proposed without
     * them. Vouches normally come within milliseconds; this only matters while a co-verifier is down or slow.
     */
    private static final Duration VOUCH_WAIT = Duration.ofMillis(200);

    private final List<AutoCloseable> closeInOrder = new ArrayList<>();
    private final String name;
    private final NodeLogStatus logStatus;
    /** Removes the log status after the last line of the stop. */
    private final AutoCloseable logRegistration;
    private final long startedNanos = System.nanoTime();
    private volatile long stopDeadlineNanos;
    /** Set when the ledger writer was still busy at its deadline: RocksDB is then left open (see close). */
    private final AtomicBoolean writerBusy = new AtomicBoolean();
    private volatile boolean running;
    private boolean closed;
    private boolean stoppedCleanly;
    private volatile LongSupplier heightSource = () -> 0;
    private volatile LongSupplier roundSource = () -> 0;

    private Node(String name) {
        this.name = name;
        this.logStatus = new NodeLogStatus(name);
        this.logRegistration = logStatus.register();
    }

    /**
     * Starts a node from its configuration; returns once it listens on both its ports.
     * A start that fails closes whatever it had opened before rethrowing.
     *
     * @throws io.meshledger.node.config.ConfigException when the configuration does not fit this machine, its
     *         genesis or its data directory: one line {@code <node.yaml key>: <problem>; fix: <what to do>},
     *         to be prefixed with the file it came from (see {@link Preflight})
     */
    public static Node start(NodeConfig config) {
        Node node = new Node(config.name());
        try {
            node.wire(config);
            node.running = true;
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void wire(NodeConfig config) {
        // Every configuration check runs before anything is opened, so a refused start leaves nothing behind.
        Preflight checked = Preflight.run(config);
        Genesis genesis = checked.genesis();
        String chainId = genesis.chainId();
        ValidatorSet validators = genesis.validators();
        Validator me = checked.identity().validator();
        byte[] certificate = checked.identity().certificate().toArray();
        SigningKey key = checked.identity().key();
        int cores = Runtime.getRuntime().availableProcessors();

        RocksLedgerStore store = DataDirectory.open(config, DataDirectory.markerOf(genesis));
        closeInOrder.addFirst(() -> {
            if (writerBusy.get()) {
                // Closing RocksDB under a write would crash in native code; every acknowledged block is fsynced,
                // so leaving it to the process exit loses nothing.
                log.warn("Not closing RocksDB: the ledger writer is still busy; its fsynced blocks are safe");
            } else {
                store.close();
            }
        });
        heightSource = () -> store.tip().height();
        logStatus.follow(heightSource, null);
        ExecutorService verifyPool = Executors.newFixedThreadPool(cores, daemon("verify"));
        closeInOrder.addFirst(verifyPool::shutdownNow);
        BatchVerifier batch = new BatchVerifier(verifyPool, cores);
        MembershipValidator members = genesis.membershipValidator(10_000);
        // Co-verification: f + 1 validators verify each forwarded transaction's signature, not all n.
        Mempool mempool = new Mempool(config.mempoolCapacity(), config.mempoolMaxBytes(), validators.maxFaulty() + 1,
                VOUCH_WAIT, System::nanoTime);
        VerifiedSignatures verified = new VerifiedSignatures(200_000);
        Admission admission = new Admission(chainId, genesis.limits(), members, batch,
                new NodeAdapters.StoreLedgerView(store), mempool, Clock.systemUTC(), verified);
        PayloadCheck payloadCheck = new PayloadCheck(chainId, genesis.limits(), members, batch, mempool, verified,
                Clock.systemUTC());
        CommitWaiters waiters = new CommitWaiters(100_000);
        CommitFeed commitFeed = new CommitFeed();
        ExecutorService writer = Executors.newSingleThreadExecutor(daemon("ledger-writer"));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemon("node-scheduler"));

        // Peer network.
        PeerTls tls = PeerTls.create(PeerCredentials.of(key, Bytes.wrap(certificate)), genesis.roots().values());
        // Short shutdown grace: the node's whole stop must fit STOP_BUDGET, and peers resume from their own state.
        PeerClients peers = PeerClients.start(tls, validators, PeerDirectory.fromGenesis(),
                PeerClientOptions.defaults().withShutdownGrace(Duration.ofMillis(250)), new SecureRandom());
        closeInOrder.addFirst(peers);

        // Consensus core, from what the store remembers.
        SafetyData safety = store.loadSafetyData().map(PersistedConsensus::decodeSafetyData)
                .orElse(SafetyData.initial(validators.epoch()));
        CommittedRoot root = committedRoot(store, chainId, validators.epoch());
        List<Proposal> pending = store.pendingBlocks().stream()
                .map(PersistedConsensus::decodeProposal).filter(p -> p.block().height() > root.height()).toList();
        ConsensusContext context = ConsensusContext.of(chainId, validators, me.id(), genesis.consensus());
        ConsensusCore core = new ConsensusCore(context,
                new SafetyRules(chainId, key, me.id(), safety), root, pending);
        log.info("Node {} resumes at height {} (round {}, last voted round {})", me.name(), root.height(), root.round(),
                safety.lastVotedRound());

        CertificateCollector collector = new CertificateCollector(chainId, validators, latestCertified(store), 10_000);
        LedgerCertifier certifier = new LedgerCertifier(chainId, validators.epoch(), key, me.id(), collector, store,
                peers::broadcastDigest);
        BlockExecutor executor = ExecutorFactory.forGenesis(genesis, store, members);
        CommitMeters commitMeters = new CommitMeters(Clock.systemUTC(), System::nanoTime);
        CommitPipeline pipeline = new CommitPipeline(store, executor, store, mempool, waiters, commitFeed, certifier,
                PersistedConsensus::encodeCommitProof, commitMeters);
        ConsensusDriver driver = new ConsensusDriver(core,
                () -> new MessageVerifier(chainId, validators, batch::verifyAll, 4_096),
                new NodeAdapters.PeerClientsOutbox(peers),
                peers::fetchProposal, pipeline, new NodeAdapters.StoreConsensusPersistence(store),
                mempool, payloadCheck, store::containsTransaction, writer, Clock.systemUTC(),
                genesis.consensus().roundTimeoutMs() / 3);
        roundSource = driver::round;
        logStatus.follow(heightSource, roundSource);
        closeInOrder.addFirst(() -> {
            // Commits not yet started are skipped (all blocks of a commit or none), the one being written finishes.
            pipeline.stop();
            driver.close();
            writer.shutdown();
            long waitNanos = stopDeadlineNanos - AFTER_WRITER.toNanos() - System.nanoTime();
            if (!writer.awaitTermination(Math.max(waitNanos, 100_000_000L), TimeUnit.NANOSECONDS)) {
                writerBusy.set(true);
                log.warn("The ledger writer did not finish its block in time");
            }
            scheduler.shutdownNow();
        });

        NodeInbox inbox = new NodeInbox(driver, admission, peers::vouch, certifier, writer);
        closeInOrder.addFirst(inbox);
        scheduler.scheduleWithFixedDelay(inbox::verifyOverdue, 250, 250, TimeUnit.MILLISECONDS);
        PeerServer peerServer = ListenAddresses.bound("peer_listen", config.peerListen(), () -> PeerServer.start(
                PeerServerOptions.defaults(config.peerListen()).withShutdownGrace(Duration.ofMillis(250)), tls,
                validators, inbox,
                new StoreBlockSource(store, store, PersistedConsensus::decodeCommitProof, driver::recentProposal)));
        closeInOrder.addFirst(peerServer);

        SyncPeers syncPeers = new NodeAdapters.PeerSyncSource(peers, driver);
        BlockSync sync = new BlockSync(chainId, validators, store, pipeline, syncPeers, writer, scheduler,
                synced -> driver.enqueue(new ConsensusEvent.SyncCompleted(synced)));

        CertificateBackfill backfill = new CertificateBackfill(chainId, validators, store, syncPeers, writer, scheduler,
                certifier::adopt);

        // Client API.
        StatusSource status = new NodeStatusSource(driver, context.leaders(), validators, peers, certifier,
                startedNanos);
        ReadAccess readAccess = QueryService.readAccess(store, chainId, members, executor::call);
        StreamService streams = new StreamService(store, store, readAccess, commitFeed, StreamLimits.DEFAULT);
        ApiServer api;
        try {
            api = ListenAddresses.bound("api_listen", config.apiListen(), () -> ApiServer.start(config.apiListen(),
                    List.of(
                            new LedgerService(admission, mempool, store, store, waiters, peers::forwardTransactions,
                                    scheduler),
                            new QueryService(store, store, chainId, members, executor::call, readAccess),
                            new AdminService(me.name(), store, store, mempool, status),
                            streams)));
        } catch (RuntimeException e) {
            try {
                streams.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        closeInOrder.addFirst(api);
        // Streams end first (clients resume elsewhere), so they do not hold the API server's graceful stop.
        closeInOrder.addFirst(streams);

        if (config.metricsListen().isPresent()) {
            Map<String, IdentityId> peerIds = new LinkedHashMap<>();
            validators.validators().stream().filter(v -> !v.id().equals(me.id()))
                    .forEach(v -> peerIds.put(v.name(), v.id()));
            NodeMetrics metrics = new NodeMetrics(me.name()).bind(
                    new LedgerMeters(store::tip, mempool::size, mempool::bytes, admission,
                            payloadCheck::signaturesVerified),
                    new ConsensusMeters(driver::round, driver::viewChanges, driver::localTimeouts,
                            driver::rejectedMessages, driver::droppedEvents, inbox::dropped, certifier::certifying),
                    new PeerMeters(List.copyOf(peerIds.keySet()), peer -> peers.status(peerIds.get(peer)).connected(),
                            peer -> peers.status(peerIds.get(peer)).losses()),
                    new StorageMeters(store),
                    new SyncMeters(sync::syncedBlocks),
                    commitMeters);
            // Registered before the server binds, so a failed bind still releases the metrics' JVM listeners.
            closeInOrder.addFirst(metrics::close);
            MetricsServer server = ListenAddresses.bound("metrics_listen", config.metricsListen().get(),
                    () -> MetricsServer.start(config.metricsListen().get(), metrics.registry()));
            closeInOrder.addFirst(server);
        }
        // Before anything else: health turns NOT_SERVING and new calls are refused with UNAVAILABLE.
        closeInOrder.addFirst(api::stopAccepting);

        driver.start();
        sync.start(1_000);
        backfill.start(2_000);
        log.info("Node {} ({}) up: peers on {}, clients on {}, metrics on {}", me.name(), me.org(), config.peerListen(),
                config.apiListen(), config.metricsListen().map(Object::toString).orElse("(off)"));
    }

    /**
     * Where consensus resumes: the highest stored block with its commit proof. Only the last block of a
     * multi-block commit (or of a block-sync batch) carries one, and each block is fsynced on its own, so a
     * kill between them leaves committed blocks above the last proof. They stay: consensus resumes below them
     * and, committing them again, finds them already stored (the commit pipeline checks their hashes).
     */
    static CommittedRoot committedRoot(RocksLedgerStore store, String chainId, long epoch) {
        long tip = store.tip().height();
        Optional<Long> proven = tip == 0 ? Optional.empty() : store.commitProofHeightAtOrBelow(tip);
        if (proven.isPresent() && proven.get() < tip) {
            log.warn("The ledger's tip {} has no commit proof (stopped between the blocks of one commit); consensus "
                    + "resumes from height {}, the last with one, and re-commits the blocks above it", tip, proven.get());
        }
        if (proven.isEmpty()) {
            return CommittedRoot.genesis(chainId, epoch);
        }
        long height = proven.get();
        Block block = store.block(height).orElseThrow();
        byte[] proof = store.commitProof(height).orElseThrow();
        return CommittedRoot.of(block, height == tip ? store.frontier() : store.frontierAt(height),
                PersistedConsensus.decodeCommitProof(proof));
    }

    private static long latestCertified(RocksLedgerStore store) {
        long tip = store.tip().height();
        for (long h = tip; h >= 1 && h > tip - 10_000; h--) {
            if (store.certificate(h).isPresent()) {
                return h;
            }
        }
        return Math.max(0, tip - 10_000);
    }

    public String name() {
        return name;
    }

    /**
     * Stops within {@link #STOP_BUDGET}: refuses new requests (health
     * NOT_SERVING, calls UNAVAILABLE), ends streams, lets running calls finish
     * briefly, stops the peer network and consensus, waits for the block being
     * written, and closes RocksDB. Logs one line saying where it stopped.
     * Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        stopDeadlineNanos = started + STOP_BUDGET.toNanos();
        boolean wasRunning = running;
        running = false;
        if (wasRunning) {
            log.info("Node {} stopping: refusing new requests, finishing the block being written", name);
        }
        boolean clean = true;
        for (AutoCloseable c : closeInOrder) {
            try {
                c.close();
            } catch (Exception e) {
                clean = false;
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn("Error while stopping node {}: {}", name, e.toString());
            }
        }
        closeInOrder.clear();
        stoppedCleanly = clean && !writerBusy.get();
        if (wasRunning) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (stoppedCleanly) {
                log.info("Node {} stopped cleanly at height {} (round {}) in {} ms", name, heightSource.getAsLong(),
                        roundSource.getAsLong(), ms);
            } else {
                log.warn("Node {} stopped at height {} (round {}) in {} ms, not cleanly (see above)", name,
                        heightSource.getAsLong(), roundSource.getAsLong(), ms);
            }
        }
        try {
            logRegistration.close();
        } catch (Exception e) {
            log.debug("Cannot remove the log status: {}", e.toString());
        }
    }

    /** After {@link #close}: whether every stage stopped in time and RocksDB was closed. */
    public synchronized boolean stoppedCleanly() {
        return stoppedCleanly;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
