package io.meshledger.node.driver;

import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.consensus.ConsensusAction;
import io.meshledger.node.consensus.ConsensusCore;
import io.meshledger.node.consensus.ConsensusEvent;
import io.meshledger.node.consensus.ConsensusMessage;
import io.meshledger.node.consensus.MessageVerifier;
import io.meshledger.node.consensus.Proposal;
import io.meshledger.node.consensus.TimeoutCertificate;
import io.meshledger.node.consensus.TimeoutMessage;
import io.meshledger.node.consensus.Verification;
import io.meshledger.node.mempool.Mempool;
import io.meshledger.node.mempool.PayloadCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a {@link ConsensusCore} on one event-loop thread and performs its
 * actions. Network threads verify messages at the edge (signatures, and the
 * transactions of proposals) and only enqueue verified events, on a bounded
 * queue. No disk or network I/O happens on the event thread:
 * <ul>
 * <li>safety-data persistence and sends go, in action order, to one I/O
 *     thread, so a vote never leaves before the safety data that allows it
 *     is fsynced (persist before send);</li>
 * <li>commits go, in order, to one commit thread (the ledger's single writer);</li>
 * <li>timers and fetches complete by enqueuing events.</li>
 * </ul>
 */
public final class ConsensusDriver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsensusDriver.class);
    private static final int QUEUE_CAPACITY = 65_536;
    private static final int RECENT_PROPOSALS = 128;
    /** A full queue is reported at most this often (with the count), not once per dropped event. */
    private static final long QUEUE_WARNING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A round without a timeout certificate for this long after this node timed out in it is worth a warning. */
    private static final long STUCK_AFTER_MS = 10_000;
    /** Repeated view changes blamed on the same leader go to the log at INFO at most this often. */
    private static final long SAME_LEADER_VIEW_CHANGE_LOG_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ConsensusCore core;
    private final ThreadLocal<MessageVerifier> verifiers;
    private final PeerOutbox outbox;
    private final ProposalFetcher fetcher;
    private final CommitSink commits;
    private final ConsensusPersistence persistence;
    private final Mempool mempool;
    private final PayloadCheck payloadCheck;
    private final Predicate<Hash> committedInStore;
    private final Clock clock;
    /** Work for the event thread: core events, and the driver's own follow-ups (payload retries). */
    private final BlockingQueue<Runnable> events = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Set<Hash> committing = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timers;
    private final ExecutorService io;
    private final ExecutorService committer;
    private final Thread loop;
    /**
     * Seconds of proposals at full speed, for a peer that missed one. A peer further behind syncs committed
     * blocks from the store instead; more would only keep every transaction alive long enough to reach the old
     * generation, which cost the collector more than anything else in the node.
     */
    private final RecentProposals recentProposals = new RecentProposals(RECENT_PROPOSALS);
    private final long emptyBlockDelayMs;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder viewChanges = new LongAdder();
    private final LongAdder localTimeouts = new LongAdder();
    private final AtomicLong highestSeenHeight = new AtomicLong();
    private final AtomicLong lastQueueWarning = new AtomicLong(System.nanoTime() - QUEUE_WARNING_EVERY_NANOS);
    /** Event thread only: the last round this node timed out in, when, and the last one it warned was stuck. */
    private long lastTimedOutRound;
    private long lastTimedOutAtMs;
    private long lastStuckRound;
    /** Event thread only: per leader, the last view change blamed on it that was logged at INFO. */
    private final Map<IdentityId, Blame> blamed = new HashMap<>();

    /** When a leader was last named at INFO for a view change, and how many view changes were blamed on it since. */
    private static final class Blame {
        private long toldAtNanos;
        private int untold;
    }
    private volatile boolean running = true;
    /** Set on the I/O thread when a persist fails; from then on nothing is sent. */
    private volatile boolean persistenceFailed;
    private volatile long round;

    /**
     * @param verifierFactory  makes one message verifier per network thread (verifiers are not thread-safe)
     * @param committedInStore whether a transaction id is in the ledger store
     * @param committer         the ledger's single writer thread; shared with block sync so writes never interleave
     * @param emptyBlockDelayMs how long a leader with an empty mempool waits for transactions before proposing an
     *                          empty block (keeps an idle chain from spinning; must stay below the round timeout)
     */
    public ConsensusDriver(ConsensusCore core, Supplier<MessageVerifier> verifierFactory, PeerOutbox outbox,
                           ProposalFetcher fetcher, CommitSink commits, ConsensusPersistence persistence, Mempool mempool,
                           PayloadCheck payloadCheck, Predicate<Hash> committedInStore, ExecutorService committer,
                           Clock clock, long emptyBlockDelayMs) {
        this.core = core;
        this.verifiers = ThreadLocal.withInitial(verifierFactory);
        this.outbox = outbox;
        this.fetcher = fetcher;
        this.commits = commits;
        this.persistence = persistence;
        this.mempool = mempool;
        this.payloadCheck = payloadCheck;
        this.committedInStore = committedInStore;
        this.committer = committer;
        this.clock = clock;
        this.emptyBlockDelayMs = emptyBlockDelayMs;
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("consensus-timers"));
        this.io = Executors.newSingleThreadExecutor(daemon("consensus-io"));
        this.loop = daemon("consensus").newThread(this::run);
    }

    /** Starts the event loop. */
    public void start() {
        loop.start();
    }

    /**
     * Verifies a message from a peer on the caller's (network) thread and, if
     * valid, queues it for the core. Never blocks: a full queue drops the message
     * (consensus recovers through timeouts and fetches).
     */
    public void onMessage(IdentityId from, ConsensusMessage message) {
        Verification v = verifiers.get().verify(from, message);
        if (v instanceof Verification.Rejected r) {
            rejected.increment();
            log.debug("Rejected message from {}: {}", from, r.reason());
            return;
        }
        if (message instanceof Proposal p) {
            Optional<String> problem = payloadCheck.check(p.block().transactions(), p.block().height(), this::committed);
            if (problem.isPresent()) {
                rejected.increment();
                if (p.round() >= round) {
                    log.warn("Rejected proposal of round {} from {}: {}", p.round(), name(from), problem.get());
                } else {
                    // A node that was away receives proposals of rounds long past, with transactions it has since
                    // committed: stale, not malicious.
                    log.debug("Rejected stale proposal of round {} from {}: {}", p.round(), name(from), problem.get());
                }
                return;
            }
        }
        if (message instanceof Proposal p) {
            recentProposals.put(p);
            highestSeenHeight.accumulateAndGet(p.block().height(), Math::max);
        }
        enqueue(new ConsensusEvent.MessageReceived(from, message));
    }

    /** A proposal this node saw or made recently, for peers that miss its block. Thread-safe. */
    public Optional<Proposal> recentProposal(Hash blockHash) {
        return recentProposals.get(blockHash);
    }

    /** Feeds an event from outside the network (e.g. block sync finished). */
    public void enqueue(ConsensusEvent event) {
        if (!events.offer(() -> perform(core.step(event)))) {
            dropped.increment();
            long now = System.nanoTime();
            long last = lastQueueWarning.get();
            if (now - last >= QUEUE_WARNING_EVERY_NANOS && lastQueueWarning.compareAndSet(last, now)) {
                log.warn("Consensus queue full ({} events): dropping events ({} dropped since start)", QUEUE_CAPACITY,
                        dropped.sum());
            }
        }
    }

    /** The current round, as of the last event processed. */
    public long round() {
        return round;
    }

    public long rejectedMessages() {
        return rejected.sum();
    }

    public long droppedEvents() {
        return dropped.sum();
    }

    /** Rounds this node entered through a timeout certificate: the previous round's leader produced no QC. */
    public long viewChanges() {
        return viewChanges.sum();
    }

    /** Rounds in which this node's own round timer expired and it signed a timeout. */
    public long localTimeouts() {
        return localTimeouts.sum();
    }

    /**
     * The highest block height among the verified proposals received: how far
     * the network has got, as far as this node can tell (block sync reports
     * catch-up progress against it). Any thread.
     */
    public long highestSeenHeight() {
        return highestSeenHeight.get();
    }

    private boolean committed(Hash txId) {
        return committing.contains(txId) || committedInStore.test(txId);
    }

    private void run() {
        try {
            perform(core.start());
            round = core.round();
            while (running) {
                Runnable work = events.poll(100, TimeUnit.MILLISECONDS);
                if (work == null) {
                    continue;
                }
                work.run();
                long now = core.round();
                if (now != round) {
                    roundChanged(now);
                    round = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A broken invariant in the core: stop consensus rather than act on bad state.
            log.error("Consensus stopped: {}", e.toString(), e);
            running = false;
        }
    }

    private void perform(List<ConsensusAction> actions) {
        for (ConsensusAction action : actions) {
            switch (action) {
                case ConsensusAction.PersistSafetyData p -> persist(() -> persistence.saveSafetyData(p.data()));
                case ConsensusAction.PersistBlock p -> persist(() -> persistence.savePendingBlock(p.proposal()));
                case ConsensusAction.Broadcast b -> {
                    if (b.message() instanceof Proposal p) {
                        recentProposals.put(p);
                    }
                    if (b.message() instanceof TimeoutMessage t) {
                        timedOut(t.round());
                    }
                    send(() -> outbox.broadcast(b.message()));
                }
                case ConsensusAction.Send s -> send(() -> outbox.send(s.to(), s.message()));
                case ConsensusAction.ScheduleTimer t -> timers.schedule(
                        () -> enqueue(new ConsensusEvent.TimerFired(t.round())), t.delayMs(), TimeUnit.MILLISECONDS);
                case ConsensusAction.RequestPayload r -> requestPayload(r, clock.millis());
                case ConsensusAction.Commit c -> commit(c);
                case ConsensusAction.FetchBlock f -> fetch(f);
                case ConsensusAction.Rejected r -> {
                    rejected.increment();
                    log.debug("Core rejected a message from {}: {} {}", r.from(), r.code(), r.reason());
                }
            }
        }
    }

    /**
     * Logs how the node entered round {@code now}: a view change (the previous
     * round ended with a timeout certificate) at INFO, naming the leader that
     * whose round produced no QC and the next one; ordinary leader rotation at
     * DEBUG. A leader that keeps failing (it is down, or its successor that
     * collects the votes is) is named at INFO once a minute, with the count,
     * not once per round it leads.
     */
    private void roundChanged(long now) {
        Optional<TimeoutCertificate> tc = core.enteredThroughTimeout();
        String next = name(core.context().leaders().leader(now));
        if (tc.isEmpty()) {
            log.debug("Round {}: leader {}", now, next);
            return;
        }
        viewChanges.increment();
        long failed = tc.get().round();
        IdentityId leader = core.context().leaders().leader(failed);
        String why = core.holdsBlockOfRound(failed) ? "leader " + name(leader) + "'s block got no QC"
                : "no proposal from leader " + name(leader);
        long nowNanos = System.nanoTime();
        Blame blame = blamed.get(leader);
        if (blame != null && nowNanos - blame.toldAtNanos < SAME_LEADER_VIEW_CHANGE_LOG_NANOS) {
            blame.untold++;
            log.debug("View change: round {} timed out ({}); now round {}, leader {}", failed, why, now, next);
            return;
        }
        String earlier = blame == null || blame.untold == 0 ? "" : " (and " + blame.untold + " more blamed on "
                + name(leader) + " in the last " + TimeUnit.NANOSECONDS.toSeconds(nowNanos - blame.toldAtNanos) + " s)";
        log.info("View change: round {} timed out ({}); now round {}, leader {}{}", failed, why, now, next, earlier);
        blame = blamed.computeIfAbsent(leader, l -> new Blame());
        blame.toldAtNanos = nowNanos;
        blame.untold = 0;
    }

    /**
     * This node broadcast a timeout for {@code timedOutRound}: the first time in
     * a round counts a local timeout; the core re-broadcasts it on each later
     * expiry. A round still without a timeout certificate {@link #STUCK_AFTER_MS}
     * later has no quorum of validators timing out with it (they are down, cut
     * off, or this node is behind), which an operator should hear about once.
     * A network whose nodes start seconds apart gets there sooner and says nothing.
     */
    private void timedOut(long timedOutRound) {
        long now = clock.millis();
        if (timedOutRound > lastTimedOutRound) {
            lastTimedOutRound = timedOutRound;
            lastTimedOutAtMs = now;
            localTimeouts.increment();
            log.debug("Round {} timed out here (leader {})", timedOutRound,
                    name(core.context().leaders().leader(timedOutRound)));
        } else if (timedOutRound == lastTimedOutRound && timedOutRound > lastStuckRound
                && now - lastTimedOutAtMs >= STUCK_AFTER_MS) {
            lastStuckRound = timedOutRound;
            log.warn("Round {}: no progress for {} s; waiting for timeouts from a quorum ({} of {} validators)",
                    timedOutRound, (now - lastTimedOutAtMs) / 1_000, core.context().validators().quorumSize(),
                    core.context().validators().size());
        }
    }

    /** A validator's node name, for log lines. Any thread: the context is immutable. */
    private String name(IdentityId id) {
        return core.context().validators().get(id).map(Validator::name).orElse(id.toString());
    }

    /**
     * Runs a persist action on the I/O thread. If it fails, nothing queued
     * after it is sent (it may rely on the lost write) and consensus stops:
     * a disk failure halts the node cleanly instead of risking a double vote.
     */
    private void persist(Runnable write) {
        io.execute(() -> {
            if (persistenceFailed) {
                return;
            }
            try {
                write.run();
            } catch (RuntimeException e) {
                persistenceFailed = true;
                running = false;
                log.error("Persisting consensus state failed; consensus stops and nothing more is sent: {}",
                        e.toString(), e);
            }
        });
    }

    private void send(Runnable send) {
        io.execute(() -> {
            if (!persistenceFailed) {
                send.run();
            }
        });
    }

    /**
     * Answers a payload request from the mempool. With nothing to propose, the
     * leader polls the mempool for up to {@code emptyBlockDelayMs} before it
     * proposes an empty block, so an idle network does not spin.
     */
    private void requestPayload(ConsensusAction.RequestPayload r, long firstAskedMs) {
        // Transactions of committed blocks are out of the mempool's queue already (markCommitting).
        List<SignedTransaction> txs = mempool.select(r.maxCount(), r.maxBytes(), r.excludedTxIds()).stream()
                .filter(tx -> !committedInStore.test(tx.id())).toList();
        long now = clock.millis();
        if (txs.isEmpty() && now - firstAskedMs < emptyBlockDelayMs) {
            timers.schedule(() -> {
                if (!events.offer(() -> requestPayload(r, firstAskedMs))) {
                    dropped.increment();
                }
            }, 20, TimeUnit.MILLISECONDS);
            return;
        }
        perform(core.step(new ConsensusEvent.PayloadReady(r.round(), txs, now)));
    }

    private void commit(ConsensusAction.Commit c) {
        List<Hash> ids = c.blocks().stream().flatMap(b -> b.transactionIds().stream()).toList();
        committing.addAll(ids);
        mempool.markCommitting(ids);
        committer.execute(() -> {
            try {
                commits.commit(c.blocks(), c.commitProof());
            } catch (RuntimeException e) {
                log.error("Committing blocks {}..{} failed; consensus stops: {}", c.blocks().getFirst().height(),
                        c.blocks().getLast().height(), e.toString(), e);
                running = false;
            } finally {
                ids.forEach(committing::remove);
            }
        });
        Block last = c.blocks().getLast();
        log.debug("Committed up to height {} ({})", last.height(), last.hash().shortHex());
    }

    private void fetch(ConsensusAction.FetchBlock f) {
        fetcher.fetch(f.from(), f.blockHash()).whenComplete((proposal, error) -> {
            if (error != null || proposal.isEmpty()) {
                log.debug("Fetching block {} from {} failed: {}", f.blockHash().shortHex(), f.from(),
                        error == null ? "not found" : error.toString());
                return;
            }
            Verification v = verifiers.get().verifyFetched(f.from(), proposal.get());
            if (v instanceof Verification.Verified) {
                enqueue(new ConsensusEvent.BlockFetched(proposal.get()));
            } else {
                rejected.increment();
                log.debug("Fetched block {} from {} is invalid: {}", f.blockHash().shortHex(), f.from(),
                        ((Verification.Rejected) v).reason());
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        loop.interrupt();
        // The loop polls every 100 ms and a step is short; the I/O thread fsyncs small records. Both bounds are
        // far above what they need, and small enough for the node's whole stop to fit its 5 s.
        loop.join(1_000);
        timers.shutdownNow();
        io.shutdown();
        io.awaitTermination(1, TimeUnit.SECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
