package io.meshledger.benchmarks;

import io.meshledger.core.crypto.BatchVerifier;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SignatureCheck;
import io.meshledger.core.crypto.SigningKey;
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

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Signature verification throughput: one signature at a time on one core, and
 * the batch path ({@link BatchVerifier}) across all cores. Scores are
 * signatures per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureBenchmark {
    static final int BATCH = 512;

    @Param({"ED25519", "ECDSA_P256"})
    public SignatureAlgorithm algorithm;

    private List<SignatureCheck> checks;
    private ExecutorService workers;
    private BatchVerifier batchVerifier;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SecureRandom random = new SecureRandom();
        SigningKey key = SigningKey.generate(algorithm, random);
        checks = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            byte[] message = new byte[32];
            random.nextBytes(message);
            checks.add(new SignatureCheck(key.publicKey(), message, key.sign(message)));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        workers = Executors.newFixedThreadPool(cores);
        batchVerifier = new BatchVerifier(workers, cores);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.shutdownNow();
    }

    /** One verification on the calling thread. */
    @Benchmark
    public boolean verifySingleCore() {
        SignatureCheck c = checks.get(next++ & (BATCH - 1));
        return c.verify();
    }

    /** A batch of 512 verifications split across every core. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public BitSet verifyBatchAllCores() {
        return batchVerifier.verifyAll(checks);
    }
}
