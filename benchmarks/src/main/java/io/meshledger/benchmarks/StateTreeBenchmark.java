package io.meshledger.benchmarks;

import io.meshledger.core.crypto.Hash;
import io.meshledger.core.state.InMemoryTreeStore;
import io.meshledger.core.state.SparseMerkleProof;
import io.meshledger.core.state.SparseMerkleTree;
import io.meshledger.core.state.TreeUpdate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * State tree batch update: {@value #BATCH} changes (half new keys, half new
 * values for existing keys) applied to a tree of {@code keys} entries held in an
 * {@link InMemoryTreeStore}. The score is time per block's batch, node reads from
 * a hash map included, storage writes excluded (each invocation applies a
 * pre-built batch to the same base version and discards the result). Setup
 * builds the tree in batches of 100,000 and takes a while at a million keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class StateTreeBenchmark {
    static final int BATCH = 1_000;
    static final int SETUP_BATCH = 100_000;
    static final int PREBUILT_BATCHES = 16;

    @Param("1000000")
    public int keys;

    private final SplittableRandom random = new SplittableRandom(3);
    private final InMemoryTreeStore store = new InMemoryTreeStore();
    private final SparseMerkleTree tree = new SparseMerkleTree(store);
    private final List<Hash> existing = new ArrayList<>();
    private final List<SortedMap<Hash, Optional<Hash>>> batches = new ArrayList<>();
    private long version = SparseMerkleTree.PRE_GENESIS_VERSION;
    private int next;

    @Setup(Level.Trial)
    public void buildTree() {
        for (int done = 0; done < keys; done += SETUP_BATCH) {
            SortedMap<Hash, Optional<Hash>> batch = new TreeMap<>();
            for (int i = 0; i < Math.min(SETUP_BATCH, keys - done); i++) {
                Hash k = randomHash();
                existing.add(k);
                batch.put(k, Optional.of(randomHash()));
            }
            TreeUpdate update = tree.apply(version, version + 1, batch);
            store.put(update);
            version++;
        }
        for (int b = 0; b < PREBUILT_BATCHES; b++) {
            SortedMap<Hash, Optional<Hash>> batch = new TreeMap<>();
            while (batch.size() < BATCH) {
                Hash k = batch.size() % 2 == 0 ? randomHash() : existing.get(random.nextInt(existing.size()));
                batch.put(k, Optional.of(randomHash()));
            }
            batches.add(batch);
        }
    }

    private Hash randomHash() {
        byte[] b = new byte[Hash.LENGTH];
        random.nextBytes(b);
        return Hash.of(b);
    }

    /** One block's state commitment: 1,000 changes, one pass. */
    @Benchmark
    public Hash applyBatch() {
        SortedMap<Hash, Optional<Hash>> batch = batches.get(next++ % PREBUILT_BATCHES);
        return tree.apply(version, version + 1, batch).root();
    }

    /** A proof for an existing key, as the query API serves it. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SparseMerkleProof proveExistingKey() {
        return tree.prove(existing.get(next++ % existing.size()), version);
    }
}
