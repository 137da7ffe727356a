package io.meshledger.node.audit;

import com.google.protobuf.ByteString;
import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.block.LedgerDigest;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.Hashing;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.merkle.AccumulatorFrontier;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.core.validators.Validator;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.config.PemFiles;
import io.meshledger.node.execution.BlockExecutor;
import io.meshledger.node.execution.ExecutorFactory;
import io.meshledger.node.storage.BlockEffects;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.node.storage.Tip;
import io.meshledger.proto.v1.CreateDatasetArgs;
import io.meshledger.proto.v1.PublishArgs;
import io.meshledger.proto.v1.Visibility;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a real ledger the way a node's commit path does: real signed
 * publication transactions (one of them refused by the contract, so a failed
 * receipt is in the ledger too), executed by the executor a node builds, each
 * block stored with its effects and, below the newest {@link #UNCERTIFIED}
 * heights, a ledger certificate signed by a quorum (3 of 4) of the network's
 * validators. The height before the tip is an empty block.
 */
final class AuditedChain {
    static final String DATASET = "sensors";
    static final int HEIGHTS = 8;
    static final int UNCERTIFIED = 2;
    /** Height whose block holds a transaction the contract refuses (index 1). */
    static final long FAILED_TX_HEIGHT = 3;

    private final TestNetwork net;
    private final long transactions;

    private AuditedChain(TestNetwork net, long transactions) {
        this.net = net;
        this.transactions = transactions;
    }

    /** Writes the chain into a new store in {@code dataDir}, closed on return. */
    static AuditedChain write(TestNetwork net, Path dataDir) {
        TestNetwork.User owner = net.user("org1", "publisher");
        TestNetwork.User stranger = net.user("org2", "publisher");
        long txs = 0;
        try (RocksLedgerStore store = RocksLedgerStore.open(dataDir)) {
            BlockExecutor executor = ExecutorFactory.forGenesis(net.genesis(), store,
                    net.genesis().membershipValidator(100));
            for (long h = 1; h <= HEIGHTS; h++) {
                List<SignedTransaction> block = new ArrayList<>();
                if (h == 1) {
                    block.add(tx(net, owner, "create_dataset", CreateDatasetArgs.newBuilder().setDatasetId(DATASET)
                            .setVisibility(Visibility.VISIBILITY_PUBLIC).build().toByteArray()));
                } else if (h != HEIGHTS - 1) {
                    for (int i = 0; i < 3; i++) {
                        TestNetwork.User sender = h == FAILED_TX_HEIGHT && i == 1 ? stranger : owner;
                        block.add(tx(net, sender, "publish", publish(recordId(h, i), "reading " + h + "/" + i)));
                    }
                }
                txs += block.size();
                Block next = next(net, store, block);
                BlockEffects effects = executor.execute(next);
                LedgerCertificate certificate = h <= HEIGHTS - UNCERTIFIED
                        ? certificate(net, net, next, effects.stateRoot()) : null;
                store.append(next, effects, certificate, null);
            }
        }
        return new AuditedChain(net, txs);
    }

    long transactions() {
        return transactions;
    }

    TestNetwork net() {
        return net;
    }

    static String recordId(long height, int index) {
        return "station-" + height + "-" + index;
    }

    private static byte[] publish(String record, String content) {
        byte[] payload = content.getBytes(StandardCharsets.UTF_8);
        return PublishArgs.newBuilder().setDatasetId(DATASET).setRecordId(record)
                .setContentHash(ByteString.copyFrom(Hashing.sha256(payload).unsafeArray()))
                .setPayload(ByteString.copyFrom(payload)).build().toByteArray();
    }

    private static SignedTransaction tx(TestNetwork net, TestNetwork.User user, String method, byte[] args) {
        TransactionBody body = new TransactionBody(net.genesis().chainId(), user.sender(), "publication", method,
                Bytes.wrap(args), net.nonce(), 1_000);
        return SignedTransaction.sign(body, user.key());
    }

    private static Block next(TestNetwork net, RocksLedgerStore store, List<SignedTransaction> txs) {
        Tip tip = store.tip();
        List<Hash> ids = txs.stream().map(SignedTransaction::id).toList();
        AccumulatorFrontier after = store.frontier().append(ids.stream()
                .map(id -> MerkleAccumulator.leafHash(id.unsafeArray())).toList());
        long height = tip.height() + 1;
        BlockHeader header = new BlockHeader(net.genesis().chainId(), 0, height, height * 2, tip.hash(),
                MerkleAccumulator.rootOf(ids), after.root(), after.size(),
                net.genesis().genesisTimeMs() + height * 1_000, Bytes.wrap(new byte[32]));
        return Block.create(header, txs);
    }

    /**
     * A certificate of {@code block} at {@code stateRoot} for {@code net}'s chain, signed by the first three
     * validators of {@code signers} (another network's validators make a certificate from the wrong set).
     */
    static LedgerCertificate certificate(TestNetwork net, TestNetwork signers, Block block, Hash stateRoot) {
        LedgerDigest digest = new LedgerDigest(net.genesis().chainId(), 0, block.height(), block.hash(),
                block.header().txAccumulatorRoot(), block.header().txCountTotal(), stateRoot,
                block.header().timestampMs());
        byte[] bytes = digest.encode();
        List<ValidatorSignature> signatures = new ArrayList<>();
        for (Validator v : signers.genesis().validators().validators().subList(0, 3)) {
            SigningKey key = PemFiles.readPrivateKey(signers.layout().nodeDir(v.name()).resolve("node.key"));
            signatures.add(new ValidatorSignature(v.id(), Bytes.wrap(key.sign(LedgerDigest.signingHash(bytes)
                    .unsafeArray()))));
        }
        return LedgerCertificate.of(digest, signatures);
    }
}
