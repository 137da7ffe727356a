package io.meshledger.benchmarks;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.merkle.AppendResult;
import io.meshledger.core.merkle.InMemoryAccumulatorNodes;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.node.storage.Tip;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Block append with fsync: blocks of 500 transactions (200-byte payloads) into
 * a {@link RocksLedgerStore} on local disk, each append one fsynced WriteBatch
 * with the block, its indexes and accumulator nodes. The score is time per
 * block; transactions per second = 500 / score. Transactions carry random
 * signature bytes: the store does not verify signatures (admission did), so
 * signing 50,000 transactions per iteration would only slow the setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 8)
@Fork(1)
public class BlockAppendBenchmark {
    static final int TXS_PER_BLOCK = 500;
    static final int BLOCKS_PER_ITERATION = 100;

    private final SplittableRandom random = new SplittableRandom(5);
    private final InMemoryAccumulatorNodes nodes = new InMemoryAccumulatorNodes();
    private final Sender sender = new Sender.Certificate(Bytes.wrap(new byte[400]));
    private Path dir;
    private RocksLedgerStore store;
    private long accumulatorSize;
    private List<Block> pending;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("meshledger-bench-store");
        store = RocksLedgerStore.open(dir);
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

    /** Builds the next blocks of the chain, continuing from the store's tip. */
    @Setup(Level.Iteration)
    public void buildBlocks() {
        Tip tip = store.tip();
        long height = tip.height();
        Hash parent = tip.hash();
        pending = new ArrayList<>(BLOCKS_PER_ITERATION);
        for (int b = 0; b < BLOCKS_PER_ITERATION; b++) {
            List<SignedTransaction> txs = new ArrayList<>(TXS_PER_BLOCK);
            List<Hash> leaves = new ArrayList<>(TXS_PER_BLOCK);
            for (int i = 0; i < TXS_PER_BLOCK; i++) {
                SignedTransaction tx = transaction(height + 1000);
                txs.add(tx);
                leaves.add(MerkleAccumulator.leafHash(tx.id().unsafeArray()));
            }
            AppendResult acc = MerkleAccumulator.append(nodes, accumulatorSize, leaves);
            nodes.put(acc.newNodes());
            accumulatorSize = acc.newSize();
            height++;
            List<Hash> ids = txs.stream().map(SignedTransaction::id).toList();
            BlockHeader header = new BlockHeader("bench-chain", 0, height, height, parent, MerkleAccumulator.rootOf(ids),
                    acc.root(), accumulatorSize, 1_700_000_000_000L + height, Bytes.wrap(new byte[32]));
            Block block = Block.create(header, txs);
            pending.add(block);
            parent = block.hash();
        }
    }

    private SignedTransaction transaction(long expiry) {
        byte[] args = new byte[200];
        random.nextBytes(args);
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        byte[] signature = new byte[64];
        random.nextBytes(signature);
        byte[] body = new TransactionBody("bench-chain", sender, "publication", "publish", Bytes.wrap(args),
                Bytes.wrap(nonce), expiry).encode();
        return SignedTransaction.of(body, signature);
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS_PER_ITERATION)
    public long appendBlocks() {
        for (Block b : pending) {
            store.append(b, null);
        }
        return store.tip().height();
    }
}
