package io.meshledger.node.storage;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.SignatureAlgorithm;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.merkle.AppendResult;
import io.meshledger.core.merkle.InMemoryAccumulatorNodes;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds valid chains of blocks holding real Ed25519-signed transactions, with
 * every root computed by {@link MerkleAccumulator} over an in-memory node store.
 * A seeded chain is deterministic (same seed, same blocks, same hashes), so a
 * test can rebuild the chain another process wrote.
 */
final class TestChain {
    static final String CHAIN_ID = "meshledger-test";
    private static final long GENESIS_TIME_MS = 1_700_000_000_000L;

    private final SecureRandom random;
    private final SigningKey key;
    private final Sender sender = new Sender.Certificate(
            Bytes.wrap("CN=test publisher".getBytes(StandardCharsets.UTF_8)));
    private final InMemoryAccumulatorNodes nodes = new InMemoryAccumulatorNodes();
    private final List<Block> blocks = new ArrayList<>();
    private final List<Hash> leaves = new ArrayList<>();

    private TestChain(SecureRandom random) {
        this.random = random;
        this.key = SigningKey.generate(SignatureAlgorithm.ED25519, random);
    }

    /** A chain from fresh randomness. */
    static TestChain random() {
        return new TestChain(new SecureRandom());
    }

    /** The same chain for the same seed, in any process. */
    static TestChain seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return new TestChain(random);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    SignedTransaction transaction() {
        byte[] args = new byte[32 + random.nextInt(64)];
        random.nextBytes(args);
        byte[] nonce = new byte[TransactionBody.MIN_NONCE_LENGTH];
        random.nextBytes(nonce);
        TransactionBody body = new TransactionBody(CHAIN_ID, sender, "publication", "publish",
                Bytes.wrap(args), Bytes.wrap(nonce), height() + 1_000);
        return SignedTransaction.sign(body, key);
    }

    List<SignedTransaction> transactions(int count) {
        List<SignedTransaction> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            txs.add(transaction());
        }
        return txs;
    }

    /** Builds the next valid block with {@code txCount} fresh transactions and adds it to the chain. */
    Block next(int txCount) {
        Block block = build(transactions(txCount));
        accept(block);
        return block;
    }

    /** Appends {@code count} blocks of 0 to {@code maxTxs} transactions. */
    List<Block> next(int count, int maxTxs) {
        List<Block> built = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            built.add(next(random.nextInt(maxTxs + 1)));
        }
        return built;
    }

    /**
     * The block that would come next with exactly {@code txs}, all roots and counts
     * computed as the store expects; the chain does not move.
     */
    Block build(List<SignedTransaction> txs) {
        List<Hash> ids = txs.stream().map(SignedTransaction::id).toList();
        List<Hash> newLeaves = ids.stream().map(id -> MerkleAccumulator.leafHash(id.unsafeArray())).toList();
        AppendResult append = MerkleAccumulator.append(nodes, leaves.size(), newLeaves);
        long height = height() + 1;
        BlockHeader header = new BlockHeader(CHAIN_ID, 0, height, height * 2, tipHash(),
                MerkleAccumulator.rootOf(ids), append.root(), leaves.size() + txs.size(),
                GENESIS_TIME_MS + height * 1_000, Bytes.wrap(new byte[32]));
        return Block.create(header, txs);
    }

    /** Moves the chain past {@code block}, which must have been built by {@link #build}. */
    void accept(Block block) {
        List<Hash> newLeaves = block.transactionIds().stream()
                .map(id -> MerkleAccumulator.leafHash(id.unsafeArray())).toList();
        nodes.put(MerkleAccumulator.append(nodes, leaves.size(), newLeaves).newNodes());
        leaves.addAll(newLeaves);
        blocks.add(block);
    }

    /** A certificate (without signatures: the store does not check them) over the digest of {@code block}. */
    static LedgerCertificate certificateFor(Block block) {
        LedgerDigest digest = new LedgerDigest(CHAIN_ID, 0, block.height(), block.hash(),
                block.header().txAccumulatorRoot(), block.header().txCountTotal(), Hash.ZERO,
                block.header().timestampMs());
        return LedgerCertificate.of(digest, List.of());
    }

    long height() {
        return blocks.size();
    }

    Hash tipHash() {
        return blocks.isEmpty() ? Hash.ZERO : blocks.getLast().hash();
    }

    long txCount() {
        return leaves.size();
    }

    Block block(long height) {
        return blocks.get((int) height - 1);
    }

    List<Block> blocks() {
        return List.copyOf(blocks);
    }

    Tip tip() {
        return new Tip(height(), tipHash(), txCount());
    }

    /** The accumulator root at the end of block {@code height}, recomputed from the leaf list alone. */
    Hash rootFromScratch(long height) {
        long size = height == 0 ? 0 : block(height).header().txCountTotal();
        return MerkleAccumulator.rootOf(leaves.subList(0, (int) size));
    }

    Hash randomHash() {
        byte[] bytes = new byte[Hash.LENGTH];
        random.nextBytes(bytes);
        return Hash.of(bytes);
    }
}
