package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshledger.client.ClientIdentity;
import io.meshledger.client.LedgerClient;
import io.meshledger.client.TransactionFactory;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.genesis.TransactionLimits;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.config.NetworkInitializer;
import io.meshledger.node.config.NetworkLayout;
import io.meshledger.proto.v1.StatusResponse;
import io.meshledger.proto.v1.SubmitBatchResponse;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code meshledger bench}: starts a fresh local network (temporary directory,
 * free ports, removed afterwards), drives pre-signed transactions at it through
 * every node, follows commits, and prints a JSON summary on its last line.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure committed throughput, commit latency and CPU cost on a fresh local network.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "4", description = "Validator nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--duration", defaultValue = "30", description = "Seconds of load (default ${DEFAULT-VALUE}).")
    int duration;

    @ArgGroup(exclusive = true)
    Load load;

    static final class Load {
        @Option(names = "--rate", description = "Open loop: transactions per second offered, whatever the network does.")
        Integer rate;

        @Option(names = "--closed-loop", description = "Closed loop: at most this many batches offered and not yet "
                + "committed; a batch's slot frees as its transactions commit (rejected ones free theirs at once), so "
                + "the load follows what the network commits and measures its capacity without building a backlog.")
        Integer concurrency;
    }

    /**
     * How far ahead the bench network lets a transaction expire, in blocks.
     * Every transaction is signed before the load starts, with one expiry
     * height; under the default window (10,000 blocks) all of them would expire
     * about 18 minutes into a run at 9 blocks/s, and the load would stop. A
     * million blocks lasts over a day at that rate. Only admission's expiry
     * check reads the window, so it changes nothing that is measured.
     */
    static final long EXPIRY_WINDOW = 1_000_000;

    @Option(names = "--payload", defaultValue = "200", description = "Bytes of arguments per transaction (default ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = "--warmup", defaultValue = "5",
            description = "Seconds of load before measuring, so JIT compilation and first connections are not counted; "
                    + "with --rate the offered rate climbs to full over its first half, and pauses while more than "
                    + "a second of load waits uncommitted (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--batch", defaultValue = "100", description = "Transactions per SubmitBatch call (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--workload", defaultValue = "publish",
            description = "publish: each transaction publishes a record with a --payload-byte inline payload (default); "
                    + "none: transactions name no contract, so consensus and storage are measured with almost no execution.")
    String workload;

    @Option(names = "--keep", description = "Keep the network directory afterwards (its path is printed). "
            + "A run that commits nothing keeps it anyway, for its node logs.")
    boolean keep;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int rate = load == null || (load.rate == null && load.concurrency == null) ? 2_000
                : load.rate == null ? 0 : load.rate;
        int concurrency = load != null && load.concurrency != null ? load.concurrency : 0;
        if (nodes < 1 || duration < 1 || payload < 0 || batch < 1 || (rate <= 0 && concurrency <= 0)) {
            throw new UsageException("--nodes, --duration, --batch and the load must be positive");
        }
        if (!workload.equals("publish") && !workload.equals("none")) {
            throw new UsageException("--workload must be publish or none, not '" + workload + "'");
        }
        Path dir = Files.createTempDirectory("meshledger-bench");
        int basePort = FreePorts.findBase(nodes);
        new NetworkInitializer(new SecureRandom(), Clock.systemUTC())
                .initialise(new NetworkInitializer.Options(dir, "meshledger-bench", 2, nodes, basePort, false),
                        new TransactionLimits(TransactionLimits.defaults().maxTransactionBytes(), EXPIRY_WINDOW));
        LocalNetwork net = new LocalNetwork(dir);
        List<LedgerClient> clients = new ArrayList<>();
        boolean stalled = false;
        try {
            out.printf("bench: %d nodes in %s (ports from %d)%n", nodes, dir, basePort);
            out.flush();
            for (String node : net.nodeNames()) {
                net.start(node);
            }
            for (String node : net.nodeNames()) {
                clients.add(net.clientFor(node, Duration.ofSeconds(10)));
            }
            awaitCommitting(net, clients);
            long planned = rate > 0 ? (long) rate * (duration + warmup) : (long) (duration + warmup) * 6_000;
            out.printf("bench: signing %d transactions of %d-byte payload...%n", planned, payload);
            out.flush();
            List<TransactionFactory> factories = publishers(net);
            if (workload.equals("publish")) {
                createDatasets(clients.getFirst(), factories);
            }
            List<List<SignedTransaction>> batches = presign(net, factories, planned);
            Result r = drive(out, net, clients, batches, rate, concurrency);
            int failed = sampleFailures(clients.getFirst(), batches, r.committed);
            ObjectNode json = new ObjectMapper().createObjectNode()
                    .put("committed", r.committed)
                    .put("tps", Math.round(r.tps * 10) / 10.0)
                    .put("p50_ms", r.p50Ms)
                    .put("p99_ms", r.p99Ms)
                    .put("cpu_ms_per_tx", Math.round(r.cpuMsPerTxPerNode * 1000) / 1000.0)
                    .put("nodes", nodes)
                    .put("workload", workload)
                    .put("failed_receipts_in_sample", failed)
                    .put("payload", payload)
                    .put("offered", r.offered)
                    .put("rejected", r.rejected)
                    .put("backlog_start", r.backlogStart)
                    .put("backlog_end", r.backlogEnd)
                    .put("duration_s", duration)
                    .put("warmup_s", warmup)
                    .put("mode", rate > 0 ? "open-loop " + rate + " tx/s" : "closed-loop " + concurrency);
            out.println(new ObjectMapper().writeValueAsString(json));
            // A network that committed nothing while load waited stalled, and a run that stopped following commits
            // counted only some: failures, not figures.
            stalled = (r.committed == 0 && r.backlogEnd > 0) || r.trackerFailure.isPresent();
            if (stalled) {
                r.trackerFailure.ifPresentOrElse(
                        e -> err.printf("bench: following %s's blocks failed, so the figures are incomplete: %s%n",
                                net.nodeNames().getFirst(), e),
                        () -> err.printf("bench: the network committed nothing in the %d s measured, with "
                                + "%d transactions waiting; see the node logs%n", duration, r.backlogEnd));
                // The load follows the first node's blocks: whether that node alone stopped or all did.
                for (int i = 0; i < clients.size(); i++) {
                    err.printf("bench: %s%n", nodeState(net, clients, i));
                }
                return 1;
            }
            return 0;
        } finally {
            clients.forEach(LedgerClient::close);
            for (String node : net.nodeNames()) {
                net.stop(node, Duration.ofSeconds(20));
            }
            if (keep || stalled) {
                // A stalled run keeps its network: its node logs are the only record of why. On stderr, so the
                // summary stays the last line of stdout.
                err.printf("bench: network kept in %s%n", dir);
                err.flush();
            } else {
                deleteRecursively(dir);
            }
            out.flush();
        }
    }

    /**
     * {@code backlogStart} and {@code backlogEnd}: transactions accepted but not yet committed when the measured
     * window opened and closed. A run whose backlog stays large throughout measured the network's capacity, since
     * it never waited for work; one whose backlog grows did not keep up with the offered rate.
     * {@code trackerFailure}: why the commits stopped being followed, if they did; the figures are then incomplete.
     */
    private record Result(long committed, double tps, long p50Ms, long p99Ms, double cpuMsPerTxPerNode, long offered,
                          long rejected, long backlogStart, long backlogEnd, Optional<RuntimeException> trackerFailure) {
    }

    private Result drive(PrintWriter out, LocalNetwork net, List<LedgerClient> clients,
                         List<List<SignedTransaction>> batches, int rate, int concurrency) throws Exception {
        Map<Hash, Long> submittedAt = new ConcurrentHashMap<>();
        long startHeight = clients.get(0).statusOf(0).getHeight() + 1;
        // Closed loop: one permit per transaction offered and not yet committed or rejected.
        Semaphore uncommitted = new Semaphore(concurrency * batch);
        CommitTracker tracker = new CommitTracker(clients.get(0), submittedAt, startHeight, uncommitted::release);
        Thread trackerThread = new Thread(tracker, "bench-commits");
        trackerThread.setDaemon(true);
        trackerThread.start();

        AtomicLong offered = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(Math.max(8, concurrency));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long loadStart = System.nanoTime();
        long start = loadStart + TimeUnit.SECONDS.toNanos(warmup);
        long end = start + TimeUnit.SECONDS.toNanos(duration);
        tracker.window(start, end);
        // Offers the next batch; returns how many of its transactions were rejected (or all, if the call failed).
        IntSupplier sendNext = () -> {
            int i = next.getAndIncrement();
            if (i >= batches.size() || System.nanoTime() > end) {
                return 0;
            }
            List<SignedTransaction> b = batches.get(i);
            long now = System.nanoTime();
            b.forEach(tx -> submittedAt.put(tx.id(), now));
            int refused;
            try {
                SubmitBatchResponse resp = clients.get(i % clients.size()).submitBatch(b);
                refused = (int) resp.getOutcomesList().stream().filter(o -> !o.getAccepted()).count();
                offered.addAndGet(b.size());
            } catch (RuntimeException e) {
                refused = b.size();
            }
            rejected.addAndGet(refused);
            return refused;
        };
        Runnable sendOne = sendNext::getAsInt;
        if (rate > 0) {
            // Open loop: every 10 ms offer what the rate asks for, whatever the network does. The rate climbs from
            // a tenth to full over the first half of the warm-up and holds for the second half. During the warm-up
            // the offer also pauses while more than a second of load waits uncommitted: a network whose JIT is still
            // cold takes less than it will later, and a backlog built then would spill into the measured window,
            // which would only drain it, or fill the mempools, whose overflow costs work of its own.
            double batchesPerTick = rate / 100.0 / batch;
            long rampNanos = (start - loadStart) / 2;
            double[] owed = {0};
            ticker.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                if (now < start && backlog(offered, rejected, tracker) > rate) {
                    return;
                }
                long elapsed = now - loadStart;
                owed[0] += rampNanos <= 0 || elapsed >= rampNanos ? batchesPerTick
                        : batchesPerTick * Math.max(0.1, elapsed / (double) rampNanos);
                while (owed[0] >= 1) {
                    owed[0] -= 1;
                    senders.execute(sendOne);
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
        } else {
            // Closed loop: each sender offers a batch once the transactions offered and not yet committed leave
            // room for it. A transaction that never commits (it expired) keeps its permit: the load only shrinks.
            for (int c = 0; c < concurrency; c++) {
                senders.execute(() -> {
                    try {
                        while (System.nanoTime() < end && next.get() < batches.size()) {
                            if (uncommitted.tryAcquire(batch, 100, TimeUnit.MILLISECONDS)) {
                                uncommitted.release(sendNext.getAsInt());
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
        while (System.nanoTime() < start) {
            Thread.sleep(Math.max(1, (start - System.nanoTime()) / 1_000_000));
        }
        long[] cpuBefore = cpu(net);
        long backlogStart = backlog(offered, rejected, tracker);
        tracker.drainRecent();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            long[] recent = tracker.drainRecent();
            out.printf("bench: %ds offered %d, committed %d so far, backlog %d; last interval p50 %d ms, p99 %d ms%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), offered.get(), tracker.latencies().size(),
                    backlog(offered, rejected, tracker), percentileMs(recent, 0.50), percentileMs(recent, 0.99));
            out.flush();
        }
        long[] cpuAfter = cpu(net);
        long backlogEnd = backlog(offered, rejected, tracker);
        ticker.shutdownNow();
        senders.shutdown();
        senders.awaitTermination(30, TimeUnit.SECONDS);
        // Let what was offered in the window commit, so its latency counts (bounded).
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tracker.latencies().size() < offered.get() - rejected.get() && System.nanoTime() < drainUntil) {
            Thread.sleep(50);
        }
        tracker.stop();
        long[] sorted = tracker.latenciesOfSubmittedAfter(start).stream().mapToLong(Long::longValue).sorted().toArray();
        long committed = tracker.committedInWindow();
        long cpuMs = 0;
        for (int i = 0; i < cpuAfter.length; i++) {
            cpuMs += Math.max(0, cpuAfter[i] - cpuBefore[i]);
        }
        double perTx = committed == 0 ? 0 : (double) cpuMs / nodes / committed;
        return new Result(committed, committed / (double) duration, percentileMs(sorted, 0.50), percentileMs(sorted, 0.99),
                perTx, offered.get(), rejected.get(), backlogStart, backlogEnd, tracker.failure());
    }

    /** A node's height, round and pending transactions as it reports them, or why it does not. */
    private static String nodeState(LocalNetwork net, List<LedgerClient> clients, int index) {
        String node = net.nodeNames().get(index);
        if (net.process(node).isEmpty()) {
            return node + " has exited; see " + net.logFile(node);
        }
        try {
            StatusResponse s = clients.get(index).statusOf(0);
            return node + " at height " + s.getHeight() + ", round " + s.getRound() + ", " + s.getMempoolSize()
                    + " transactions pending" + (s.getCertifying() ? "" : ", not certifying");
        } catch (RuntimeException e) {
            // The gRPC status (its message starts with the code): the CLI does not reach into gRPC's types.
            return node + " does not answer its status (" + e.getMessage() + "); see " + net.logFile(node);
        }
    }

    /** Accepted and not yet committed; a batch in flight may count as committed before it counts as offered. */
    private static long backlog(AtomicLong offered, AtomicLong rejected, CommitTracker tracker) {
        return Math.max(0, offered.get() - rejected.get() - tracker.latencies().size());
    }

    private static long percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1);
        return TimeUnit.NANOSECONDS.toMillis(sortedNanos[Math.max(0, i)]);
    }

    private static long[] cpu(LocalNetwork net) {
        return net.nodeNames().stream().mapToLong(n -> net.process(n).map(p -> NodeCpu.cpuMillis(p.pid())).orElse(0L))
                .toArray();
    }

    /** The publisher of each organisation: the bench alternates between them. */
    private static List<TransactionFactory> publishers(LocalNetwork net) {
        NetworkLayout layout = new NetworkLayout(net.root());
        return Stream.of("org1", "org2")
                .map(org -> new TransactionFactory(net.genesis().chainId(),
                        ClientIdentity.load(layout.userDir(org, "publisher")), new SecureRandom()))
                .toList();
    }

    /** One public dataset per publisher, created before the load; named after the publisher's position. */
    private static void createDatasets(LedgerClient client, List<TransactionFactory> factories) {
        for (int i = 0; i < factories.size(); i++) {
            byte[] args = io.meshledger.proto.v1.CreateDatasetArgs.newBuilder().setDatasetId("bench" + i)
                    .setVisibility(io.meshledger.proto.v1.Visibility.VISIBILITY_PUBLIC).build().toByteArray();
            SignedTransaction tx = factories.get(i).create("publication", "create_dataset", args, 1_000);
            var r = client.submitAndWait(tx, Duration.ofSeconds(60));
            if (!r.getReceipt().getFailureCode().isEmpty()) {
                throw new IllegalStateException("creating dataset bench" + i + " failed: "
                        + r.getReceipt().getFailureCode() + " " + r.getReceipt().getFailureMessage());
            }
        }
    }

    /** Receipts of a sample of the committed transactions that failed: a publish workload must not fail. */
    private static int sampleFailures(LedgerClient client, List<List<SignedTransaction>> batches, long committed) {
        int failed = 0;
        long step = Math.max(1, committed / 20);
        for (long k = 0; k < committed; k += step) {
            int b = (int) (k / batches.getFirst().size());
            SignedTransaction tx = batches.get(b).get((int) (k % batches.getFirst().size()));
            try {
                if (!client.transaction(tx.id(), false).getReceipt().getFailureCode().isEmpty()) {
                    failed++;
                }
            } catch (RuntimeException e) {
                // Not committed (the sample assumes submission order); not a failure of execution.
            }
        }
        return failed;
    }

    /** Signs every transaction before the load starts, in parallel, so signing does not compete with the nodes. */
    private List<List<SignedTransaction>> presign(LocalNetwork net, List<TransactionFactory> factories, long count) {
        // Valid from height 0 to the end of the run: the network's window reaches this far from genesis.
        long expiryHeight = net.genesis().limits().expiryWindow();
        int nBatches = (int) ((count + batch - 1) / batch);
        List<List<SignedTransaction>> out = IntStream.range(0, nBatches).parallel().mapToObj(b -> {
            SecureRandom r = new SecureRandom();
            List<SignedTransaction> txs = new ArrayList<>(batch);
            int publisher = b % factories.size();
            TransactionFactory f = factories.get(publisher);
            for (int i = 0; i < batch; i++) {
                byte[] data = new byte[payload];
                r.nextBytes(data);
                if (workload.equals("publish")) {
                    byte[] args = io.meshledger.proto.v1.PublishArgs.newBuilder().setDatasetId("bench" + publisher)
                            .setRecordId("r" + b + "-" + i)
                            .setContentHash(com.google.protobuf.ByteString.copyFrom(
                                    io.meshledger.core.crypto.Hashing.sha256(data).unsafeArray()))
                            .setPayload(com.google.protobuf.ByteString.copyFrom(data)).build().toByteArray();
                    txs.add(f.create("publication", "publish", args, expiryHeight));
                } else {
                    txs.add(f.create("bench-none", "put", data, expiryHeight));
                }
            }
            return txs;
        }).toList();
        return out;
    }

    private void awaitCommitting(LocalNetwork net, List<LedgerClient> clients) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int i = 0; i < clients.size(); i++) {
                String node = net.nodeNames().get(i);
                if (net.process(node).isEmpty()) {
                    throw new IllegalStateException(node + " exited during start-up; see " + net.logFile(node));
                }
                try {
                    all &= clients.get(i).statusOf(0).getHeight() >= 1;
                } catch (RuntimeException e) {
                    all = false;
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the bench network did not start committing within 120 s");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
