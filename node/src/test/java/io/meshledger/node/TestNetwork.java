package io.meshledger.node;

import io.meshledger.core.Bytes;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.node.config.NetworkInitializer;
import io.meshledger.node.config.NetworkLayout;
import io.meshledger.node.config.PemFiles;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;

/** A real network definition written by {@code network init} into a temp dir, with helpers to sign as its users. */
public final class TestNetwork {
    private final NetworkLayout layout;
    private final Genesis genesis;
    private final Random random;

    private TestNetwork(NetworkLayout layout, Genesis genesis, long seed) {
        this.layout = layout;
        this.genesis = genesis;
        this.random = new Random(seed);
    }

    public static TestNetwork create(Path dir, int orgs, int nodes) {
        new NetworkInitializer(new SecureRandom(), Clock.systemUTC())
                .initialise(new NetworkInitializer.Options(dir, "test-chain", orgs, nodes, 20_000, false));
        return new TestNetwork(new NetworkLayout(dir), GenesisCodec.load(dir.resolve("genesis.json")), 42);
    }

    public Genesis genesis() {
        return genesis;
    }

    public NetworkLayout layout() {
        return layout;
    }

    /** A user's signing identity, loaded from the files init wrote. */
    public User user(String org, String name) {
        return new User(PemFiles.readPrivateKey(layout.userKey(org, name)),
                Bytes.wrap(PemFiles.readCertificate(layout.userCertificate(org, name))));
    }

    /** A signing identity. */
    public record User(SigningKey key, Bytes certificate) {
        public Sender sender() {
            return new Sender.Certificate(certificate);
        }
    }

    public Bytes nonce() {
        byte[] n = new byte[16];
        random.nextBytes(n);
        return Bytes.wrap(n);
    }

    public TransactionBody body(User user, String chainId, int argsLength, long expiry) {
        byte[] args = new byte[argsLength];
        random.nextBytes(args);
        return new TransactionBody(chainId, user.sender(), "publication", "publish", Bytes.wrap(args), nonce(), expiry);
    }

    public SignedTransaction transaction(User user, int argsLength, long expiry) {
        return SignedTransaction.sign(body(user, genesis.chainId(), argsLength, expiry), user.key());
    }

    /**
     * The block after {@code tip} holding {@code txs}, as a leader would build it
     * (transactions root, accumulator root and count, a timestamp one second per height).
     */
    public io.meshledger.core.block.Block nextBlock(io.meshledger.node.storage.Tip tip,
                                                   io.meshledger.core.merkle.AccumulatorFrontier frontier,
                                                   java.util.List<SignedTransaction> txs) {
        java.util.List<io.meshledger.core.crypto.Hash> ids = txs.stream().map(SignedTransaction::id).toList();
        var after = frontier.append(ids.stream()
                .map(id -> io.meshledger.core.merkle.MerkleAccumulator.leafHash(id.unsafeArray())).toList());
        long height = tip.height() + 1;
        return io.meshledger.core.block.Block.create(new io.meshledger.core.block.BlockHeader(genesis.chainId(),
                genesis.validators().epoch(), height, height, tip.hash(),
                io.meshledger.core.merkle.MerkleAccumulator.rootOf(ids), after.root(), tip.txCount() + txs.size(),
                genesis.genesisTimeMs() + height * 1_000, Bytes.wrap(new byte[32])), txs);
    }

    /** A ledger certificate of {@code block} at {@code stateRoot}, signed by the last three of four validators. */
    public io.meshledger.core.block.LedgerCertificate certify(io.meshledger.core.block.Block block,
                                                              io.meshledger.core.crypto.Hash stateRoot) {
        var digest = new io.meshledger.core.block.LedgerDigest(genesis.chainId(), genesis.validators().epoch(),
                block.height(), block.hash(), block.header().txAccumulatorRoot(), block.header().txCountTotal(),
                stateRoot, block.header().timestampMs());
        byte[] signing = io.meshledger.core.block.LedgerDigest.signingHash(digest.encode()).unsafeArray();
        java.util.List<io.meshledger.core.block.ValidatorSignature> signatures = new java.util.ArrayList<>();
        for (var v : genesis.validators().validators().subList(1, 4)) {
            SigningKey key = PemFiles.readPrivateKey(layout.nodeDir(v.name()).resolve("node.key"));
            signatures.add(new io.meshledger.core.block.ValidatorSignature(v.id(), Bytes.wrap(key.sign(signing))));
        }
        return io.meshledger.core.block.LedgerCertificate.of(digest, signatures);
    }
}
