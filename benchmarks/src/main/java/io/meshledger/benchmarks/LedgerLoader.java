package io.meshledger.benchmarks;

import com.google.protobuf.ByteString;
import io.meshledger.client.ClientIdentity;
import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.config.NetworkInitializer;
import io.meshledger.node.config.NetworkLayout;
import io.meshledger.node.config.PemFiles;
import io.meshledger.node.execution.BlockExecutor;
import io.meshledger.node.execution.ExecutorFactory;
import io.meshledger.node.storage.BlockEffects;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.node.storage.Tip;
import io.meshledger.proto.v1.CreateDatasetArgs;
import io.meshledger.proto.v1.PublishArgs;
import io.meshledger.proto.v1.Visibility;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Bulk-loads a ledger for read benchmarks: a real network definition, then
 * blocks of signed {@code publish} transactions (record {@code r<i>} of public
 * dataset {@code bench}, 150-byte inline payloads, about 200-byte arguments),
 * executed by the node's executor and appended with a ledger certificate
 * signed by three of the four validators, exactly as a node stores them.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.meshledger.benchmarks.LedgerLoader DIR TRANSACTIONS [BLOCK_SIZE]}.
 * Writes {@code DIR/net} (genesis, keys) and {@code DIR/data} (RocksDB).
 */
public final class LedgerLoader {
    static final String DATASET = "bench";

    private LedgerLoader() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: LedgerLoader DIR TRANSACTIONS [BLOCK_SIZE]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        long total = Long.parseLong(args[1]);
        int blockSize = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        if (Files.exists(dir.resolve("data"))) {
            System.err.println(dir.resolve("data") + " exists; remove it to load again");
            System.exit(2);
        }
        Genesis genesis = new NetworkInitializer(new SecureRandom(), Clock.systemUTC())
                .initialise(new NetworkInitializer.Options(dir.resolve("net"), "bench-reads", 2, 4, 17_050, false));
        NetworkLayout layout = new NetworkLayout(dir.resolve("net"));
        ClientIdentity publisher = ClientIdentity.load(layout.userDir("org1", "publisher"));
        List<Validator> signers = genesis.validators().validators().subList(0, genesis.validators().quorumSize());
        List<SigningKey> keys = signers.stream()
                .map(v -> PemFiles.readPrivateKey(layout.nodeDir(v.name()).resolve("node.key"))).toList();

        long started = System.nanoTime();
        // Bulk load without fsync per block (a crashed load is simply redone) and with a large block cache, since
        // every update reads its path of state-tree nodes; reads are measured on a store reopened with defaults.
        var options = io.meshledger.node.storage.LedgerStoreOptions.defaults().scratch()
                .withBlockCacheBytes(Long.getLong("loader.cacheBytes", 4L << 30));
        try (RocksLedgerStore store = RocksLedgerStore.open(dir.resolve("data"), options)) {
            BlockExecutor executor = ExecutorFactory.forGenesis(genesis, store, genesis.membershipValidator(100));
            Loader loader = new Loader(genesis, store, executor, signers, keys);
            loader.append(List.of(sign(genesis, publisher, "create_dataset", CreateDatasetArgs.newBuilder()
                    .setDatasetId(DATASET).setVisibility(Visibility.VISIBILITY_PUBLIC).build().toByteArray(), 0)));
            long loaded = 0;
            long lastReport = System.nanoTime();
            while (loaded < total) {
                int n = (int) Math.min(blockSize, total - loaded);
                long first = loaded;
                List<SignedTransaction> txs = IntStream.range(0, n).parallel()
                        .mapToObj(i -> publish(genesis, publisher, first + i)).toList();
                loader.append(txs);
                loaded += n;
                if (System.nanoTime() - lastReport > 10_000_000_000L || loaded == total) {
                    lastReport = System.nanoTime();
                    double s = (lastReport - started) / 1e9;
                    System.out.printf("loaded %,d transactions (height %,d) in %.0f s: %,.0f tx/s%n", loaded,
                            store.tip().height(), s, loaded / s);
                }
            }
        }
    }

    static SignedTransaction publish(Genesis genesis, ClientIdentity who, long i) {
        byte[] payload = new byte[150];
        new SplittableRandom(i).nextBytes(payload);
        for (int k = 0; k < payload.length; k++) {
            payload[k] = (byte) ('a' + (payload[k] & 0x0f));
        }
        PublishArgs args = PublishArgs.newBuilder().setDatasetId(DATASET).setRecordId("r" + i)
                .setContentHash(ByteString.copyFrom(Hashing.sha256(payload).unsafeArray()))
                .setPayload(ByteString.copyFrom(payload)).build();
        return sign(genesis, who, "publish", args.toByteArray(), i);
    }

    private static SignedTransaction sign(Genesis genesis, ClientIdentity who, String method, byte[] args, long i) {
        byte[] nonce = new byte[16];
        new SplittableRandom(i * 31 + 7).nextBytes(nonce);
        return SignedTransaction.sign(new TransactionBody(genesis.chainId(), who.sender(), "publication", method,
                Bytes.wrap(args), Bytes.wrap(nonce), Long.MAX_VALUE), who.key());
    }

    /** Builds, executes, certifies and appends blocks on one store. */
    private record Loader(Genesis genesis, RocksLedgerStore store, BlockExecutor executor, List<Validator> signers,
                          List<SigningKey> keys) {
        void append(List<SignedTransaction> txs) {
            Tip tip = store.tip();
            List<Hash> ids = txs.stream().map(SignedTransaction::id).toList();
            var frontier = store.frontier().append(ids.stream().map(id -> MerkleAccumulator.leafHash(id.unsafeArray())).toList());
            long height = tip.height() + 1;
            Block block = Block.create(new BlockHeader(genesis.chainId(), genesis.validators().epoch(), height, height,
                    tip.hash(), MerkleAccumulator.rootOf(ids), frontier.root(), tip.txCount() + txs.size(),
                    genesis.genesisTimeMs() + height * 1_000, signers.getFirst().id().toBytes()), txs);
            BlockEffects effects = executor.execute(block);
            LedgerDigest digest = new LedgerDigest(genesis.chainId(), genesis.validators().epoch(), height, block.hash(),
                    frontier.root(), frontier.size(), effects.stateRoot(), block.header().timestampMs());
            byte[] signing = LedgerDigest.signingHash(digest.encode()).unsafeArray();
            List<ValidatorSignature> signatures = new ArrayList<>();
            for (int i = 0; i < signers.size(); i++) {
                signatures.add(new ValidatorSignature(signers.get(i).id(), Bytes.wrap(keys.get(i).sign(signing))));
            }
            store.append(block, effects, LedgerCertificate.of(digest, signatures), null);
        }
    }
}
