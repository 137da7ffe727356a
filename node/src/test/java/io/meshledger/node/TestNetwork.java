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
}
