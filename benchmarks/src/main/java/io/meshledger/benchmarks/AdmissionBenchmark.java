package io.meshledger.benchmarks;

import io.meshledger.core.crypto.BatchVerifier;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.genesis.TransactionLimits;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.mempool.Admission;
import io.meshledger.node.mempool.AdmissionResult;
import io.meshledger.node.mempool.LedgerView;
import io.meshledger.node.mempool.Mempool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Transaction admission throughput (transactions per second): batches of 500
 * encoded 200-byte-payload transactions through every check (size, decode,
 * chain, expiry, duplicates, certificate chain, parallel signature check) into
 * the mempool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionBenchmark {
    static final int BATCH = 500;
    static final int POOL = 64;

    private final List<List<byte[]>> batches = new ArrayList<>();
    private ExecutorService workers;
    private Admission admission;
    private Mempool mempool;
    private Fixtures fixtures;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        fixtures = new Fixtures(SignatureAlgorithm.ED25519);
        for (int b = 0; b < POOL; b++) {
            List<byte[]> batch = new ArrayList<>(BATCH);
            for (SignedTransaction tx : fixtures.transactions(BATCH, 200, 1_000)) {
                batch.add(tx.encode());
            }
            batches.add(batch);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        workers = Executors.newFixedThreadPool(cores);
        mempool = new Mempool(BATCH * POOL * 2, 1L << 32);
        LedgerView ledger = new LedgerView() {
            @Override
            public long committedHeight() {
                return 1;
            }

            @Override
            public boolean isCommitted(Hash txId) {
                return false;
            }
        };
        admission = new Admission(Fixtures.CHAIN, TransactionLimits.defaults(), fixtures.members(),
                new BatchVerifier(workers, cores), ledger, mempool, Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.shutdownNow();
    }

    /** Cycles through pre-signed batches; each batch's transactions are drained so they are new again next time. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int admitBatch() {
        List<byte[]> batch = batches.get(next++ % POOL);
        List<AdmissionResult> results = admission.admitEncoded(batch);
        List<Hash> ids = new ArrayList<>(BATCH);
        int accepted = 0;
        for (AdmissionResult r : results) {
            if (r instanceof AdmissionResult.Accepted a) {
                ids.add(a.txId());
                accepted++;
            }
        }
        if (accepted != BATCH) {
            throw new IllegalStateException("only " + accepted + " of " + BATCH + " admitted: " + results.get(0));
        }
        mempool.removeCommitted(ids);
        return accepted;
    }
}
