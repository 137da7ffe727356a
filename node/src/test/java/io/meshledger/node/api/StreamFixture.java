package io.meshledger.node.api;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.meshledger.contracts.Contract;
import io.meshledger.contracts.SystemContracts;
import io.meshledger.contracts.publication.PublicationLimits;
import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.node.TestNetwork;
import io.meshledger.node.execution.BlockExecutor;
import io.meshledger.node.execution.ExecutionLimits;
import io.meshledger.node.storage.BlockEffects;
import io.meshledger.node.storage.RocksLedgerStore;
import io.meshledger.node.storage.StateStore;
import io.meshledger.proto.v1.AttestArgs;
import io.meshledger.proto.v1.CreateDatasetArgs;
import io.meshledger.proto.v1.GrantArgs;
import io.meshledger.proto.v1.Grantee;
import io.meshledger.proto.v1.PublishArgs;
import io.meshledger.proto.v1.Right;
import io.meshledger.proto.v1.Visibility;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One node's worth of the stream path, real parts only: a RocksDB store in a
 * temp dir, the executor with the system contracts (and {@link EmitterContract}),
 * a commit feed, and a {@link StreamService} served over gRPC on 127.0.0.1.
 * Blocks are built deterministically from their transactions, so two fixtures
 * given the same transactions hold identical ledgers, as two nodes would.
 */
final class StreamFixture implements AutoCloseable {
    final TestNetwork net;
    final RocksLedgerStore store;
    final BlockExecutor executor;
    final CommitFeed feed = new CommitFeed();
    final StreamService service;
    final Server server;
    final ManagedChannel channel;

    /** How a fixture's read access is made from its store and executor. */
    @FunctionalInterface
    interface AccessFactory {
        ReadAccess create(RocksLedgerStore store, BlockExecutor executor);
    }

    /** The node's real read access: the publication contract's may_read, asked at the tip. */
    static AccessFactory contractAccess(TestNetwork net) {
        return (store, executor) -> QueryService.readAccess(store, net.genesis().chainId(),
                net.genesis().membershipValidator(100), executor::call);
    }

    StreamFixture(TestNetwork net, Path dataDir, AccessFactory access, StreamLimits limits,
                  UnaryOperator<StateStore> stateView) throws Exception {
        this.net = net;
        this.store = RocksLedgerStore.open(dataDir);
        Map<String, Contract> contracts = new LinkedHashMap<>(SystemContracts.create(PublicationLimits.DEFAULT));
        contracts.put(EmitterContract.NAME, new EmitterContract());
        this.executor = BlockExecutor.create(net.genesis().chainId(), store, contracts,
                net.genesis().membershipValidator(100), ExecutionLimits.DEFAULT);
        this.service = new StreamService(store, stateView.apply(store), access.create(store, executor), feed, limits);
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service)
                .build().start();
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    StreamFixture(TestNetwork net, Path dataDir, AccessFactory access, StreamLimits limits) throws Exception {
        this(net, dataDir, access, limits, UnaryOperator.identity());
    }

    /** Executes and stores the next block with {@code txs}, then signals the feed as the commit path does. */
    List<Receipt> commit(List<SignedTransaction> txs) {
        Block block = net.nextBlock(store.tip(), store.frontier(), txs);
        BlockEffects effects = executor.execute(block);
        store.append(block, effects, null, null);
        feed.committed(block.height());
        return effects.receipts();
    }

    @Override
    public void close() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        service.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        store.close();
    }

    // ------------------------------------------------------------ transactions (expiry far ahead, fixed nonces)

    /** Signed transactions; expiry 10,000 so the same transaction can go to several fixtures. */
    static SignedTransaction tx(TestNetwork net, TestNetwork.User user, String contract, String method, byte[] args) {
        return SignedTransaction.sign(new TransactionBody(net.genesis().chainId(), user.sender(), contract, method,
                Bytes.wrap(args), net.nonce(), 10_000), user.key());
    }

    static SignedTransaction emit(TestNetwork net, int events, int kib) {
        return tx(net, net.user("org1", "publisher"), EmitterContract.NAME, "emit", new byte[]{(byte) events, (byte) kib});
    }

    static SignedTransaction attest(TestNetwork net, String text) {
        return tx(net, net.user("org1", "publisher"), "attestation", "attest",
                AttestArgs.newBuilder().setHash(ByteString.copyFrom(sha256(text))).setClaim(text).build().toByteArray());
    }

    static SignedTransaction createDataset(TestNetwork net, String id) {
        return createDataset(net, id, Visibility.VISIBILITY_PUBLIC);
    }

    static SignedTransaction createDataset(TestNetwork net, String id, Visibility visibility) {
        return tx(net, net.user("org1", "publisher"), "publication", "create_dataset", CreateDatasetArgs.newBuilder()
                .setDatasetId(id).setVisibility(visibility).build().toByteArray());
    }

    /** A signed read authorisation for {@code user}, valid for 100 blocks past the tip. */
    io.meshledger.proto.v1.Transaction auth(TestNetwork.User user, String contract) {
        return SignedTransaction.sign(new TransactionBody(net.genesis().chainId(), user.sender(), contract, "read",
                Bytes.EMPTY, net.nonce(), store.tip().height() + 100), user.key()).toProto();
    }

    static SignedTransaction publish(TestNetwork net, String dataset, String record) {
        return tx(net, net.user("org1", "publisher"), "publication", "publish", PublishArgs.newBuilder()
                .setDatasetId(dataset).setRecordId(record).setContentHash(ByteString.copyFrom(sha256("payload of " + record)))
                .setPayload(ByteString.copyFromUtf8("payload of " + record)).build().toByteArray());
    }

    static SignedTransaction grantOrg(TestNetwork net, String dataset, String org) {
        return tx(net, net.user("org1", "publisher"), "authorisation", "grant", GrantArgs.newBuilder()
                .setDatasetId(dataset).setGrantee(Grantee.newBuilder().setOrganisation(org))
                .setRight(Right.RIGHT_READ).build().toByteArray());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
