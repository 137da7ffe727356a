package io.meshledger.benchmarks;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.meshledger.contracts.publication.PublicationKeys;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.proof.ProofVerifier;
import io.meshledger.node.api.QueryService;
import io.meshledger.node.execution.BlockExecutor;
import io.meshledger.node.execution.ExecutorFactory;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.proto.v1.GetStateRequest;
import io.meshledger.proto.v1.GetTransactionRequest;
import io.meshledger.proto.v1.LedgerProof;
import io.meshledger.proto.v1.QueryGrpc;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Proven point reads over the real Query service (gRPC on 127.0.0.1) on a
 * ledger bulk-loaded by {@link LedgerLoader}: {@code GetState} of a random
 * record version and {@code GetTransaction} of a random transaction, each with
 * its self-contained proof. Setup prints the proof sizes and checks a sample
 * of proofs with the offline verifier. Random keys defeat RocksDB's block
 * cache as a real workload over a large ledger would.
 * <p>
 * Run: {@code java -jar benchmarks.jar ProvenReadBenchmark -p ledger=DIR} (latency,
 * one caller) and with {@code -bm thrpt -t 8} for reads/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class ProvenReadBenchmark {
    @Param({"/tmp/meshledger-reads-1m"})
    public String ledger;

    private RocksLedgerStore store;
    private Server server;
    private ManagedChannel channel;
    private QueryGrpc.QueryBlockingStub query;
    private long transactions;
    private long tip;
    /** Ids of random committed transactions, gathered at setup so the benchmark loop only reads. */
    private List<io.meshledger.core.crypto.Hash> txIds;
    private final AtomicLong seed = new AtomicLong(1);

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path dir = Path.of(ledger);
        Genesis genesis = GenesisCodec.load(dir.resolve("net").resolve("genesis.json"));
        store = RocksLedgerStore.open(dir.resolve("data"));
        var members = genesis.membershipValidator(1_000);
        BlockExecutor executor = ExecutorFactory.forGenesis(genesis, store, members);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new QueryService(store, store, genesis.chainId(), members, executor::call,
                        QueryService.readAccess(store, genesis.chainId(), members, executor::call)))
                .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        query = QueryGrpc.newBlockingStub(channel);
        tip = store.tip().height();
        transactions = store.tip().txCount() - 1; // The first transaction creates the dataset.
        SplittableRandom pick = new SplittableRandom(7);
        txIds = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            var ids = store.outline(2 + pick.nextLong(tip - 1)).orElseThrow().transactionIds();
            for (int j = 0; j < 50; j++) {
                txIds.add(ids.get(pick.nextInt(ids.size())));
            }
        }
        reportProofs(new ProofVerifier(genesis));
    }

    /** Proof sizes over 1,000 random reads of each kind, every one verified offline. */
    private void reportProofs(ProofVerifier verifier) {
        SplittableRandom random = new SplittableRandom(42);
        List<Integer> state = new ArrayList<>();
        List<Integer> tx = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            for (LedgerProof p : List.of(stateRead(random).getProof(), txRead(random).getProof())) {
                if (!verifier.verify(p.toByteArray()).isValid()) {
                    throw new IllegalStateException("an invalid proof: " + verifier.verify(p.toByteArray()));
                }
                (p.hasState() ? state : tx).add(p.getSerializedSize());
            }
        }
        System.out.printf("%n[proof sizes] ledger of %,d transactions, %,d blocks: state proof (record version) "
                        + "avg %.0f B (min %d, max %d); transaction proof avg %.0f B (min %d, max %d); all 2,000 VALID%n",
                transactions, tip, avg(state), min(state), max(state), avg(tx), min(tx), max(tx));
    }

    @Benchmark
    public int getStateWithProof() {
        return stateRead(random()).getProof().getSerializedSize();
    }

    @Benchmark
    public int getTransactionWithProof() {
        return txRead(random()).getProof().getSerializedSize();
    }

    private SplittableRandom random() {
        return new SplittableRandom(seed.incrementAndGet() * 0x9E3779B97F4A7C15L);
    }

    private io.meshledger.proto.v1.GetStateResponse stateRead(SplittableRandom random) {
        long i = random.nextLong(transactions);
        return query.getState(GetStateRequest.newBuilder().setContract("publication")
                .setKey(ByteString.copyFrom(PublicationKeys.latest(LedgerLoader.DATASET, "r" + i)))
                .setWithProof(true).build());
    }

    private io.meshledger.proto.v1.GetTransactionResponse txRead(SplittableRandom random) {
        var id = txIds.get(random.nextInt(txIds.size()));
        return query.getTransaction(GetTransactionRequest.newBuilder()
                .setTxId(ByteString.copyFrom(id.unsafeArray())).setWithProof(true).build());
    }

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        store.close();
    }

    private static double avg(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    private static int min(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    private static int max(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
