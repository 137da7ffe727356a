package io.meshledger.benchmarks;

import com.google.protobuf.ByteString;
import io.meshledger.client.ClientIdentity;
import io.meshledger.client.TransactionFactory;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.merkle.AccumulatorFrontier;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.config.NetworkInitializer;
import io.meshledger.node.config.NetworkLayout;
import io.meshledger.node.execution.BlockExecutor;
import io.meshledger.node.execution.ExecutorFactory;
import io.meshledger.node.storage.BlockEffects;
import io.meshledger.node.storage.LedgerStoreOptions;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.node.storage.Tip;
import io.meshledger.proto.v1.CreateDatasetArgs;
import io.meshledger.proto.v1.PublishArgs;
import io.meshledger.proto.v1.Visibility;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Block execution and commit of the {@code bench} command's publish workload,
 * as a node's commit pipeline does it on the ledger writer thread: each block of
 * {@code txsPerBlock} publish transactions is executed by the node's
 * {@link BlockExecutor} (contracts, state tree, receipts) and then appended with
 * its effects to a {@link RocksLedgerStore} in a temporary directory.
 * <p>
 * Workload, as {@code BenchCommand} builds it: two publishers (org1 and org2),
 * each owning a public dataset {@code bench<i>} without schema; each client
 * batch of 100 transactions is one publisher's; every transaction publishes a
 * new record {@code r<batch>-<i>} with a 200-byte random inline payload. Before
 * measuring, {@code records} such publications are committed, so the state tree
 * and the state column families are not trivially small.
 * <p>
 * The store is opened with the node's defaults except fsync per block (a
 * benchmark of CPU, not of the disk). The score is time per transaction:
 * {@value #TXS_PER_ITERATION} transactions per single-shot iteration. The split
 * between execution (wall and writer-thread CPU) and append is printed after
 * each iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MICROSECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 6)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class BlockExecutionBenchmark {
    static final int TXS_PER_ITERATION = 10_000;
    static final int CLIENT_BATCH = 100;
    static final int PAYLOAD_BYTES = 200;

    /** Publications committed before measuring (each writes two state keys). */
    @Param("50000")
    public int records;

    /**
     * Transactions per block: a multiple of {@value #CLIENT_BATCH} that divides
     * {@value #TXS_PER_ITERATION}. Full blocks are 500; at about 2,200 tx/s the
     * four-node {@code bench} network makes blocks of about 130.
     */
    @Param("500")
    public int txsPerBlock;

    private Path dir;
    private Genesis genesis;
    private RocksLedgerStore store;
    private BlockExecutor executor;
    private List<TransactionFactory> publishers;
    private int nextBatch;
    private List<Block> pending;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long executeNanos;
    private long appendNanos;
    private long executeCpuNanos;
    private long appendCpuNanos;
    /** Per measured iteration: writer-thread CPU per transaction of execution, and of execution plus append. */
    private final List<double[]> measuredCpu = new ArrayList<>();

    @Setup(Level.Trial)
    public void load() throws IOException {
        if (txsPerBlock < CLIENT_BATCH || txsPerBlock % CLIENT_BATCH != 0 || TXS_PER_ITERATION % txsPerBlock != 0) {
            throw new IllegalArgumentException("txsPerBlock must be a multiple of " + CLIENT_BATCH + " dividing "
                    + TXS_PER_ITERATION + ", got " + txsPerBlock);
        }
        dir = Files.createTempDirectory("meshledger-bench-exec");
        genesis = new NetworkInitializer(new SecureRandom(), Clock.systemUTC())
                .initialise(new NetworkInitializer.Options(dir.resolve("net"), "bench-exec", 2, 4, 17_050, false));
        NetworkLayout layout = new NetworkLayout(dir.resolve("net"));
        SecureRandom random = new SecureRandom();
        publishers = Stream.of("org1", "org2")
                .map(org -> new TransactionFactory(genesis.chainId(),
                        ClientIdentity.load(layout.userDir(org, "publisher")), random))
                .toList();
        store = RocksLedgerStore.open(dir.resolve("data"), LedgerStoreOptions.defaults().scratch());
        executor = ExecutorFactory.forGenesis(genesis, store, genesis.membershipValidator(10_000));
        List<SignedTransaction> creates = new ArrayList<>();
        for (int i = 0; i < publishers.size(); i++) {
            byte[] args = CreateDatasetArgs.newBuilder().setDatasetId("bench" + i)
                    .setVisibility(Visibility.VISIBILITY_PUBLIC).build().toByteArray();
            creates.add(publishers.get(i).create("publication", "create_dataset", args, 1_000));
        }
        run(chain(List.of(creates)));
        int blocks = (records + txsPerBlock - 1) / txsPerBlock;
        for (int done = 0; done < blocks; done += blocksPerIteration()) {
            run(chain(signedBlocks(Math.min(blocksPerIteration(), blocks - done))));
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Setup(Level.Iteration)
    public void nextBlocks() {
        pending = chain(signedBlocks(blocksPerIteration()));
        executeNanos = 0;
        appendNanos = 0;
        executeCpuNanos = 0;
        appendCpuNanos = 0;
    }

    @TearDown(Level.Iteration)
    public void report(IterationParams iteration) {
        double txs = TXS_PER_ITERATION;
        double executeCpu = executeCpuNanos / 1e3 / txs;
        double totalCpu = (executeCpuNanos + appendCpuNanos) / 1e3 / txs;
        System.out.printf("  [execute %.1f us/tx (CPU %.1f), append %.1f us/tx (CPU %.1f), height %d]%n",
                executeNanos / 1e3 / txs, executeCpu, appendNanos / 1e3 / txs, appendCpuNanos / 1e3 / txs,
                store.tip().height());
        if (iteration.getType() == IterationType.MEASUREMENT) {
            measuredCpu.add(new double[] {executeCpu, totalCpu});
        }
    }

    /**
     * Medians of the writer thread's CPU time per transaction: steadier than the
     * wall-clock score on a machine shared with other work.
     */
    @TearDown(Level.Trial)
    public void summarise() {
        System.out.printf("%nMedian writer-thread CPU per transaction over %d iterations: execute %.1f us, "
                + "execute and append %.1f us (minimum %.1f and %.1f us)%n", measuredCpu.size(), median(0), median(1),
                minimum(0), minimum(1));
    }

    private double median(int column) {
        double[] values = measuredCpu.stream().mapToDouble(v -> v[column]).sorted().toArray();
        int n = values.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private double minimum(int column) {
        return measuredCpu.stream().mapToDouble(v -> v[column]).min().orElse(Double.NaN);
    }

    /** Executes and appends {@value #TXS_PER_ITERATION} transactions' blocks: the score is per transaction. */
    @Benchmark
    @OperationsPerInvocation(TXS_PER_ITERATION)
    public Hash executeAndAppend() {
        return run(pending);
    }

    private Hash run(List<Block> blocks) {
        Hash root = null;
        for (Block block : blocks) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            BlockEffects effects = executor.execute(block);
            long cpu1 = threads.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            store.append(block, effects, null, null);
            appendCpuNanos += threads.getCurrentThreadCpuTime() - cpu1;
            appendNanos += System.nanoTime() - t1;
            executeCpuNanos += cpu1 - cpu0;
            executeNanos += t1 - t0;
            for (Receipt r : effects.receipts()) {
                if (!r.failureCode().isEmpty()) {
                    throw new IllegalStateException("a publish failed: " + r.failureCode() + " " + r.failureMessage());
                }
            }
            root = effects.stateRoot();
        }
        return root;
    }

    private int blocksPerIteration() {
        return TXS_PER_ITERATION / txsPerBlock;
    }

    /** Signed transactions of the next {@code count} blocks, signed in parallel. */
    private List<List<SignedTransaction>> signedBlocks(int count) {
        int batchesPerBlock = txsPerBlock / CLIENT_BATCH;
        int first = nextBatch;
        nextBatch += count * batchesPerBlock;
        List<List<SignedTransaction>> batches = IntStream.range(first, nextBatch).parallel()
                .mapToObj(this::clientBatch).toList();
        List<List<SignedTransaction>> blocks = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            List<SignedTransaction> txs = new ArrayList<>(txsPerBlock);
            batches.subList(b * batchesPerBlock, (b + 1) * batchesPerBlock).forEach(txs::addAll);
            blocks.add(txs);
        }
        return blocks;
    }

    /** One SubmitBatch of the bench command: one publisher, new records, random payloads. */
    private List<SignedTransaction> clientBatch(int batch) {
        SplittableRandom random = new SplittableRandom(batch);
        int publisher = batch % publishers.size();
        List<SignedTransaction> txs = new ArrayList<>(CLIENT_BATCH);
        for (int i = 0; i < CLIENT_BATCH; i++) {
            byte[] data = new byte[PAYLOAD_BYTES];
            random.nextBytes(data);
            byte[] args = PublishArgs.newBuilder().setDatasetId("bench" + publisher).setRecordId("r" + batch + "-" + i)
                    .setContentHash(ByteString.copyFrom(Hashing.sha256(data).unsafeArray()))
                    .setPayload(ByteString.copyFrom(data)).build().toByteArray();
            txs.add(publishers.get(publisher).create("publication", "publish", args, 1_000_000));
        }
        return txs;
    }

    /** Blocks holding {@code transactions}, chained onto the store's tip. */
    private List<Block> chain(List<List<SignedTransaction>> transactions) {
        Tip tip = store.tip();
        long height = tip.height();
        Hash parent = tip.hash();
        long txCount = tip.txCount();
        AccumulatorFrontier frontier = store.frontier();
        List<Block> blocks = new ArrayList<>(transactions.size());
        for (List<SignedTransaction> txs : transactions) {
            height++;
            List<Hash> ids = txs.stream().map(SignedTransaction::id).toList();
            frontier = frontier.append(ids.stream().map(id -> MerkleAccumulator.leafHash(id.unsafeArray())).toList());
            txCount += txs.size();
            Block block = Block.create(new BlockHeader(genesis.chainId(), genesis.validators().epoch(), height, height,
                    parent, MerkleAccumulator.rootOf(ids), frontier.root(), txCount,
                    genesis.genesisTimeMs() + height * 500, genesis.validators().validators().getFirst().id().toBytes()),
                    txs);
            blocks.add(block);
            parent = block.hash();
        }
        return blocks;
    }
}
