package io.meshledger.node.network;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.node.certification.DigestSignature;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.validators.ValidatorSet;
import io.meshledger.node.config.Endpoint;
import io.meshledger.node.consensus.ConsensusMessage;
import io.meshledger.node.consensus.Proposal;
import io.meshledger.proto.peer.v1.TransactionBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outbound side of the peer network: one channel to every other validator
 * of the set, each pinned to that validator's certificate, with a long-lived
 * consensus stream and a transaction stream per peer.
 *
 * <p>Nothing here blocks the caller: {@link #broadcast}, {@link #send} and
 * {@link #forwardTransactions} only queue (bounded; overflow is dropped and
 * counted in {@link #status}); fetches return futures that complete on the
 * network thread, so their continuations must not block either. A message to
 * this node itself is the caller's business: it is never sent over the network.
 */
public final class PeerClients implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerClients.class);

    private final IdentityId self;
    private final Map<IdentityId, PeerLink> links;
    /** The other validators in genesis order, starting after this node and wrapping around. */
    private final List<IdentityId> ring;
    private final int coVerifierCount;
    private final ScheduledExecutorService scheduler;
    private final TransactionBatcher batcher;
    private final PeerClientOptions options;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PeerClients(IdentityId self, Map<IdentityId, PeerLink> links, List<IdentityId> ring, int coVerifierCount,
                        ScheduledExecutorService scheduler, PeerClientOptions options) {
        this.self = self;
        this.links = links;
        this.ring = ring;
        this.coVerifierCount = coVerifierCount;
        this.scheduler = scheduler;
        this.options = options;
        this.batcher = new TransactionBatcher(options.maxBatchTransactions(), options.batchLinger(),
                options.pendingTransactions(), scheduler, this::coVerifiers,
                batch -> links.values().forEach(l -> l.sendTransactions(batch)));
    }

    /**
     * Opens channels and streams to every validator but this node.
     *
     * @param tls        this node's credentials and the genesis roots
     * @param validators the peers, with their pinned certificates
     * @param directory  where each validator listens (genesis endpoints in production)
     * @param options    queue sizes, batching, back-off, deadlines
     * @param jitter     randomness for back-off jitter
     */
    public static PeerClients start(PeerTls tls, ValidatorSet validators, PeerDirectory directory,
                                    PeerClientOptions options, Random jitter) {
        IdentityId self = tls.self();
        if (!validators.contains(self)) {
            throw new IllegalArgumentException("this node's certificate " + self.toHex() + " is not a validator's");
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peer-clients-" + self);
            t.setDaemon(true);
            return t;
        });
        Reconnection reconnection = new Reconnection(scheduler, options.backoff(), options.stableAfter(), jitter);
        Map<IdentityId, PeerLink> links = new LinkedHashMap<>();
        for (Validator v : validators.validators()) {
            if (!v.id().equals(self)) {
                links.put(v.id(), new PeerLink(v, channel(tls, v, directory.endpointOf(v), scheduler, options),
                        options, reconnection));
            }
        }
        List<IdentityId> all = validators.validators().stream().map(Validator::id).toList();
        int me = all.indexOf(self);
        List<IdentityId> ring = new ArrayList<>(all.size() - 1);
        for (int i = 1; i < all.size(); i++) {
            ring.add(all.get((me + i) % all.size()));
        }
        PeerClients clients = new PeerClients(self, Collections.unmodifiableMap(links), List.copyOf(ring),
                validators.maxFaulty(), scheduler, options);
        links.values().forEach(PeerLink::start);
        log.debug("peer clients of {} started towards {} peers", self, links.size());
        return clients;
    }

    private static ManagedChannel channel(PeerTls tls, Validator v, Endpoint endpoint, ScheduledExecutorService executor,
                                          PeerClientOptions options) {
        return NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port())
                .sslContext(tls.clientContext(v.id()))
                .executor(executor)
                .maxInboundMessageSize(options.maxMessageBytes())
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTimeout(5, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .disableRetry()
                .build();
    }

    /** Queues {@code message} for every other validator; encodes it once. */
    public void broadcast(ConsensusMessage message) {
        byte[] bytes = ConsensusCodec.encode(message);
        for (PeerLink link : links.values()) {
            link.sendConsensus(bytes);
        }
    }

    /** Queues a ledger-digest signature for every other validator, on the consensus stream. */
    public void broadcastDigest(DigestSignature signature) {
        byte[] bytes = ConsensusCodec.encode(signature);
        for (PeerLink link : links.values()) {
            link.sendConsensus(bytes);
        }
    }

    /** Queues {@code message} for one validator. */
    public void send(IdentityId peer, ConsensusMessage message) {
        link(peer).sendConsensus(ConsensusCodec.encode(message));
    }

    /** Adds transactions to the next forwarded batch, which goes to every other validator. */
    public void forwardTransactions(List<SignedTransaction> transactions) {
        if (!transactions.isEmpty()) {
            batcher.add(transactions);
        }
    }

    /**
     * Tells every other validator that this node verified the signatures of the transactions with these signed
     * ids ({@link SignedTransaction#signedId}), as a co-verifier of a forwarded batch. One message per call.
     */
    public void vouch(List<Hash> signedIds) {
        if (signedIds.isEmpty()) {
            return;
        }
        byte[] concatenated = new byte[signedIds.size() * Hash.LENGTH];
        for (int i = 0; i < signedIds.size(); i++) {
            System.arraycopy(signedIds.get(i).unsafeArray(), 0, concatenated, i * Hash.LENGTH, Hash.LENGTH);
        }
        byte[] message = TransactionBatch.newBuilder().setVouches(UnsafeByteOperations.unsafeWrap(concatenated))
                .build().toByteArray();
        links.values().forEach(l -> l.sendTransactions(message));
    }

    /**
     * The f validators asked to co-verify this node's forwarded batches: the next ones after this node in genesis
     * order whose stream is open, so a peer that is down does not leave batches waiting for its vouch; peers
     * that are down fill up only when too few are connected.
     */
    List<ByteString> coVerifiers() {
        List<ByteString> chosen = new ArrayList<>(coVerifierCount);
        for (IdentityId peer : ring) {
            if (chosen.size() < coVerifierCount && links.get(peer).connected()) {
                chosen.add(ByteString.copyFrom(peer.toBytes().unsafeArray()));
            }
        }
        for (IdentityId peer : ring) {
            ByteString id = ByteString.copyFrom(peer.toBytes().unsafeArray());
            if (chosen.size() < coVerifierCount && !chosen.contains(id)) {
                chosen.add(id);
            }
        }
        return chosen;
    }

    /** Up to {@code max} committed blocks from {@code fromHeight}, within the fetch deadline. */
    public CompletableFuture<List<CertifiedBlock>> fetchBlocks(IdentityId peer, long fromHeight, int max) {
        if (fromHeight < 0 || max < 1) {
            throw new IllegalArgumentException("fetch needs fromHeight >= 0 and max >= 1, got " + fromHeight + ", " + max);
        }
        return link(peer).fetchBlocks(fromHeight, max, options.fetchDeadline());
    }

    /** The proposal of the block with {@code blockHash}, if the peer knows it, within the fetch deadline. */
    public CompletableFuture<Optional<Proposal>> fetchProposal(IdentityId peer, Hash blockHash) {
        return link(peer).fetchProposal(blockHash, options.fetchDeadline());
    }

    /** Validators whose consensus stream is open now. */
    public Set<IdentityId> connectedPeers() {
        Set<IdentityId> connected = new TreeSet<>();
        links.forEach((id, link) -> {
            if (link.connected()) {
                connected.add(id);
            }
        });
        return connected;
    }

    /** Per-peer counters, in validator order. */
    public List<PeerStatus> status() {
        List<PeerStatus> out = new ArrayList<>(links.size());
        links.values().forEach(l -> out.add(l.status()));
        return out;
    }

    /** Counters of one peer. */
    public PeerStatus status(IdentityId peer) {
        return link(peer).status();
    }

    /** Transactions dropped before batching because too many were waiting. */
    public long transactionsDropped() {
        return batcher.dropped();
    }

    private PeerLink link(IdentityId peer) {
        PeerLink link = links.get(peer);
        if (link == null) {
            throw new IllegalArgumentException(peer.equals(self) ? "a node does not send to itself over the network"
                    : "peer " + peer.toHex() + " is not another validator");
        }
        return link;
    }

    /**
     * Half-closes every stream, then shuts the channels down: waits up to the
     * shutdown grace for them to finish, then cancels what is left, then stops
     * the network thread. Bounded by about three times the grace.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long graceMs = options.shutdownGrace().toMillis();
        batcher.close();
        links.values().forEach(PeerLink::closeStreams);
        links.values().forEach(l -> l.channel().shutdown());
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
            for (PeerLink l : links.values()) {
                long left = deadline - System.nanoTime();
                if (!l.channel().awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    l.channel().shutdownNow();
                }
            }
            for (PeerLink l : links.values()) {
                l.channel().awaitTermination(graceMs, TimeUnit.MILLISECONDS);
            }
            scheduler.shutdown();
            if (!scheduler.awaitTermination(graceMs, TimeUnit.MILLISECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            links.values().forEach(l -> l.channel().shutdownNow());
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.debug("peer clients of {} stopped", self);
    }
}
