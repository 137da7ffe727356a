package io.meshledger.client;

import io.meshledger.core.Bytes;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Builds and signs transactions for one identity on one chain: a fresh random
 * nonce for each, and an expiry a given number of blocks past the height the
 * caller last saw. Thread-safe.
 */
public final class TransactionFactory {
    private final String chainId;
    private final ClientIdentity identity;
    private final SecureRandom random;

    /**
     * A factory signing as {@code identity} on chain {@code chainId}.
     *
     * @param chainId  the chain every transaction names
     * @param identity the signer
     * @param random   source of the nonces
     */
    public TransactionFactory(String chainId, ClientIdentity identity, SecureRandom random) {
        this.chainId = Objects.requireNonNull(chainId, "chainId");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A signed call of {@code contract.method(args)} that may be committed up to
     * {@code expiryHeight}.
     */
    public SignedTransaction create(String contract, String method, byte[] args, long expiryHeight) {
        byte[] nonce = new byte[TransactionBody.MIN_NONCE_LENGTH];
        random.nextBytes(nonce);
        TransactionBody body = new TransactionBody(chainId, identity.sender(), contract, method, Bytes.of(args),
                Bytes.wrap(nonce), expiryHeight);
        return SignedTransaction.sign(body, identity.key());
    }

    /** The chain every transaction names. */
    public String chainId() {
        return chainId;
    }

    /** The identity that signs. */
    public ClientIdentity identity() {
        return identity;
    }
}
