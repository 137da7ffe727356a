package io.meshledger.tests;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.core.merkle.MerkleAccumulator;
import io.meshledger.core.tx.Sender;
import io.meshledger.core.tx.SignedTransaction;
import io.meshledger.core.tx.TransactionBody;
import io.meshledger.core.validators.Validator;
import io.meshledger.core.validators.ValidatorSet;
import io.meshledger.node.certification.DigestSignature;
import io.meshledger.node.config.NodeConfig;
import io.meshledger.node.config.NodeConfigCodec;
import io.meshledger.node.config.PemFiles;
import io.meshledger.node.consensus.ConsensusMessage;
import io.meshledger.node.consensus.Proposal;
import io.meshledger.node.consensus.QuorumCertificate;
import io.meshledger.node.consensus.Vote;
import io.meshledger.node.consensus.VoteData;
import io.meshledger.node.network.BlockSource;
import io.meshledger.node.network.CertifiedBlock;
import io.meshledger.node.network.ConsensusCodec;
import io.meshledger.node.network.PeerCredentials;
import io.meshledger.node.network.PeerInbox;
import io.meshledger.node.network.PeerServer;
import io.meshledger.node.network.PeerServerOptions;
import io.meshledger.node.network.PeerTls;
import io.meshledger.node.network.RogueWire;

import io.meshledger.proto.peer.v1.TransactionBatch;

import java.nio.file.Path;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Byzantine validator process for {@link RoguePeerTest}: it holds a
 * validator's genuine key and certificate (so TLS and signatures check out),
 * listens on that validator's peer port to see what the honest nodes send, and
 * speaks only harm:
 * <ul>
 *   <li>equivocation: in a round it leads, with a QC it formed from the honest
 *       votes it received, two different blocks, one to some peers and the
 *       other to the rest, and a vote of its own for each (double voting);</li>
 *   <li>proposals with garbage: signed blocks full of transactions whose
 *       signatures are random, and signed proposals for rounds it does not lead;</li>
 *   <li>signed votes for blocks that do not exist;</li>
 *   <li>replays of proposals, votes and timeouts it captured, to other peers, later;</li>
 *   <li>random bytes on the consensus and transaction streams.</li>
 * </ul>
 * It prints a line of counters every few seconds ({@code rogue stats: ...}) for
 * the test to check that each attack happened. Runs until killed.
 *
 * <p>Usage: {@code RoguePeer <node.yaml> <seed>}.
 */
public final class RoguePeer {
    private static final int QUORUM_VOTES = 3;

    private final String chainId;
    private final ValidatorSet validators;
    private final IdentityId self;
    private final SigningKey key;
    private final Random random;
    private final List<Peer> peers = new ArrayList<>();

    private final Map<Hash, Proposal> proposals = bounded(2_000);
    private final Map<VoteData, Map<IdentityId, Vote>> votes = bounded(2_000);
    private final List<byte[]> captured = new ArrayList<>();
    private final Set<Long> equivocated = new TreeSet<>();
    private long maxRound;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong equivocations = new AtomicLong();
    private final AtomicLong doubleVotes = new AtomicLong();
    private final AtomicLong unknownBlockVotes = new AtomicLong();
    private final AtomicLong garbageProposals = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private final AtomicLong garbageMessages = new AtomicLong();
    private final AtomicLong reopened = new AtomicLong();
    private final AtomicLong forgedForwards = new AtomicLong();

    /** One honest peer: the genuine stream carries signed traffic, the junk streams carry random bytes. */
    private static final class Peer {
        final Validator validator;
        final RogueWire wire;
        RogueWire.Stream consensus;
        RogueWire.Stream junk;
        RogueWire.Stream junkTransactions;
        RogueWire.Stream transactions;

        Peer(Validator validator, RogueWire wire) {
            this.validator = validator;
            this.wire = wire;
        }
    }

    private RoguePeer(Genesis genesis, IdentityId self, SigningKey key, long seed) {
        this.chainId = genesis.chainId();
        this.validators = genesis.validators();
        this.self = self;
        this.key = key;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        NodeConfig config = NodeConfigCodec.load(Path.of(args[0]));
        long seed = Long.parseLong(args[1]);
        Genesis genesis = GenesisCodec.load(config.genesis());
        SigningKey key = PemFiles.readPrivateKey(config.key());
        byte[] certificate = PemFiles.readCertificate(config.certificate());
        PeerTls tls = PeerTls.create(PeerCredentials.of(key, Bytes.wrap(certificate)), genesis.roots().values());
        RoguePeer rogue = new RoguePeer(genesis, tls.self(), key, seed);
        log("rogue " + config.name() + " (" + tls.self() + ") seed " + seed + " starting");

        PeerServer server = PeerServer.start(PeerServerOptions.defaults(config.peerListen()), tls, genesis.validators(),
                rogue.inbox(), rogue.blockSource());
        for (Validator v : genesis.validators().validators()) {
            if (!v.id().equals(tls.self())) {
                String[] hostPort = v.endpoint().split(":");
                rogue.peers.add(new Peer(v, new RogueWire(tls, v.id(), hostPort[0], Integer.parseInt(hostPort[1]))));
            }
        }
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
        loop.scheduleWithFixedDelay(rogue::safeTick, 500, 100, TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(rogue::printStats, 2, 2, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loop.shutdownNow();
            server.close();
        }));
        Thread.currentThread().join();
    }

    // ---------------------------------------------------------------- capture

    private PeerInbox inbox() {
        return new PeerInbox() {
            @Override
            public void onConsensusMessage(IdentityId from, ConsensusMessage message) {
                received.incrementAndGet();
                synchronized (RoguePeer.this) {
                    maxRound = Math.max(maxRound, message.round());
                    if (captured.size() >= 500) {
                        captured.remove(random.nextInt(captured.size()));
                    }
                    captured.add(ConsensusCodec.encode(message));
                    switch (message) {
                        case Proposal p -> proposals.put(p.block().hash(), p);
                        case Vote v -> votes.computeIfAbsent(v.data(), d -> new LinkedHashMap<>())
                                .put(v.signature().validator(), v);
                        default -> {
                        }
                    }
                }
            }

            @Override
            public void onTransactions(IdentityId from, List<SignedTransaction> transactions, boolean coVerify) {
            }

            @Override
            public void onVouches(IdentityId from, List<Hash> signedIds) {
            }

            @Override
            public void onDigestSignature(IdentityId from, DigestSignature signature) {
            }
        };
    }

    private BlockSource blockSource() {
        return new BlockSource() {
            @Override
            public List<CertifiedBlock> blocks(long fromHeight, int max) {
                return List.of();
            }

            @Override
            public Optional<Proposal> proposal(Hash blockHash) {
                synchronized (RoguePeer.this) {
                    return Optional.ofNullable(proposals.get(blockHash));
                }
            }
        };
    }

    // ---------------------------------------------------------------- attacks

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            log("rogue tick failed: " + e);
        }
    }

    private synchronized void tick() {
        reopenStreams();
        equivocateWhereILead();
        voteForUnknownBlock();
        replay(3);
        forwardForged();
        if (random.nextInt(10) == 0) {
            proposeGarbage();
            sendGarbageBytes();
        }
    }

    /** Round r is ours and 2f+1 honest votes for round r-1 reached us: two blocks for round r. */
    private void equivocateWhereILead() {
        for (Map.Entry<VoteData, Map<IdentityId, Vote>> e : List.copyOf(votes.entrySet())) {
            VoteData certified = e.getKey();
            long round = certified.round() + 1;
            if (e.getValue().size() < QUORUM_VOTES || !leader(round).equals(self) || equivocated.contains(round)) {
                continue;
            }
            Proposal parent = proposals.get(certified.blockHash());
            if (parent == null) {
                continue;
            }
            equivocated.add(round);
            QuorumCertificate qc = new QuorumCertificate(certified,
                    e.getValue().values().stream().map(Vote::signature).limit(QUORUM_VOTES).toList());
            BlockHeader ph = parent.block().header();
            long ts = Math.max(System.currentTimeMillis(), ph.timestampMs());
            Proposal a = propose(emptyBlock(parent.block(), round, ts), qc);
            Proposal b = propose(emptyBlock(parent.block(), round, ts + 1), qc);
            proposals.put(a.block().hash(), a);
            proposals.put(b.block().hash(), b);
            // Split the honest nodes differently from one round to the next.
            int split = (int) (round / validators.size()) % peers.size();
            List<String> toA = new ArrayList<>();
            List<String> toB = new ArrayList<>();
            for (int i = 0; i < peers.size(); i++) {
                boolean getsA = i == split;
                send(peers.get(i), getsA ? a : b);
                (getsA ? toA : toB).add(peers.get(i).validator.name());
            }
            // Its first vote counts (a second one in the round is caught as equivocation). Every other time it goes
            // to the block two honest nodes got, so that block gathers a quorum and the split must be settled by
            // the next leader; otherwise to the other one, so neither gathers a quorum and the round times out.
            boolean majorityFirst = (round / validators.size()) % 2 == 0;
            for (Proposal p : majorityFirst ? List.of(b, a) : List.of(a, b)) {
                VoteData vd = new VoteData(chainId, validators.epoch(), round, p.block().height(), p.block().hash(),
                        certified.blockHash(), certified.round());
                broadcast(new Vote(vd, sign(vd.signingHash())));
                doubleVotes.incrementAndGet();
            }
            equivocations.incrementAndGet();
            log("rogue equivocates in round " + round + " at height " + a.block().height() + ": block "
                    + a.block().hash().shortHex() + " to " + toA + ", block " + b.block().hash().shortHex() + " to "
                    + toB + ", and votes for both, first for " + (majorityFirst ? b : a).block().hash().shortHex());
        }
    }

    /** An empty block on {@code parent}: same accumulator, so only the timestamp tells two of them apart. */
    private Block emptyBlock(Block parent, long round, long timestampMs) {
        BlockHeader ph = parent.header();
        return Block.create(new BlockHeader(chainId, validators.epoch(), ph.height() + 1, round, parent.hash(),
                MerkleAccumulator.rootOf(List.of()), ph.txAccumulatorRoot(), ph.txCountTotal(), timestampMs,
                self.toBytes()), List.of());
    }

    private Proposal propose(Block block, QuorumCertificate justify) {
        return new Proposal(block, justify, Optional.empty(), sign(Proposal.signingHash(block.hash())));
    }

    /** Signed proposals with transactions whose signatures are random, for our rounds and for others'. */
    private void proposeGarbage() {
        Optional<Proposal> latest = proposals.values().stream().filter(p -> !p.block().header().proposer()
                .equals(self.toBytes())).reduce((x, y) -> y);
        if (latest.isEmpty()) {
            return;
        }
        Proposal p = latest.get();
        List<SignedTransaction> junk = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TransactionBody decoded = new TransactionBody(chainId, new Sender.KeyId(randomHash().toBytes()), "bench",
                    "put", Bytes.wrap(randomBytes(200)), Bytes.wrap(randomBytes(16)), 1_000_000);
            byte[] body = decoded.encode();
            junk.add(new SignedTransaction(Bytes.wrap(body), Bytes.wrap(randomBytes(64)), SignedTransaction.idOf(body),
                    decoded));
        }
        List<Hash> ids = junk.stream().map(SignedTransaction::id).toList();
        BlockHeader ph = p.block().header();
        long round = maxRound + 1 + random.nextInt(3);
        Block block = Block.create(new BlockHeader(chainId, validators.epoch(), ph.height() + 1, round,
                p.block().hash(), MerkleAccumulator.rootOf(ids), randomHash(), ph.txCountTotal() + junk.size(),
                System.currentTimeMillis(), self.toBytes()), junk);
        broadcast(propose(block, p.justify()));
        garbageProposals.incrementAndGet();
    }

    /**
     * Forwards transactions of real members with forged signatures (a real transaction's body with a fresh nonce
     * and the old signature), names no co-verifier and vouches for them itself: one validator's word, which must
     * never be enough to get them proposed or trusted in a proposal.
     */
    private void forwardForged() {
        Optional<SignedTransaction> real = proposals.values().stream().flatMap(p -> p.block().transactions().stream())
                .filter(tx -> tx.decoded().sender() instanceof Sender.Certificate).reduce((x, y) -> y);
        if (real.isEmpty()) {
            return;
        }
        SignedTransaction template = real.get();
        TransactionBatch.Builder batch = TransactionBatch.newBuilder();
        byte[] vouches = new byte[5 * Hash.LENGTH];
        for (int i = 0; i < 5; i++) {
            TransactionBody t = template.decoded();
            TransactionBody decoded = new TransactionBody(t.chainId(), t.sender(), t.contract(), t.method(), t.args(),
                    Bytes.wrap(randomBytes(16)), t.expiryHeight());
            byte[] body = decoded.encode();
            SignedTransaction forged = new SignedTransaction(Bytes.wrap(body), template.signature(),
                    SignedTransaction.idOf(body), decoded);
            batch.addTransactions(forged.toProto());
            System.arraycopy(forged.signedId().unsafeArray(), 0, vouches, i * Hash.LENGTH, Hash.LENGTH);
        }
        byte[] message = batch.setVouches(com.google.protobuf.ByteString.copyFrom(vouches)).build().toByteArray();
        for (Peer p : peers) {
            if (p.transactions != null && p.transactions.write(message)) {
                forgedForwards.incrementAndGet();
            }
        }
    }

    private void voteForUnknownBlock() {
        if (maxRound < 2) {
            return;
        }
        long round = maxRound;
        VoteData vd = new VoteData(chainId, validators.epoch(), round, 1 + random.nextInt(1_000), randomHash(),
                randomHash(), round - 1);
        broadcast(new Vote(vd, sign(vd.signingHash())));
        unknownBlockVotes.incrementAndGet();
    }

    private void replay(int count) {
        if (captured.isEmpty()) {
            return;
        }
        for (int i = 0; i < count; i++) {
            byte[] old = captured.get(random.nextInt(captured.size()));
            Peer to = peers.get(random.nextInt(peers.size()));
            if (to.consensus != null && to.consensus.write(old)) {
                replays.incrementAndGet();
            }
        }
    }

    private void sendGarbageBytes() {
        for (Peer p : peers) {
            if (p.junk != null && p.junk.write(randomBytes(1 + random.nextInt(300)))) {
                garbageMessages.incrementAndGet();
            }
            if (p.junkTransactions != null && p.junkTransactions.write(randomBytes(1 + random.nextInt(300)))) {
                garbageMessages.incrementAndGet();
            }
        }
    }

    private void reopenStreams() {
        for (Peer p : peers) {
            if (p.consensus == null || !p.consensus.isOpen()) {
                p.consensus = p.wire.openConsensus();
                reopened.incrementAndGet();
            }
            if (p.junk == null || !p.junk.isOpen()) {
                p.junk = p.wire.openConsensus();
                reopened.incrementAndGet();
            }
            if (p.transactions == null || !p.transactions.isOpen()) {
                p.transactions = p.wire.openTransactions();
                reopened.incrementAndGet();
            }
            if (p.junkTransactions == null || !p.junkTransactions.isOpen()) {
                p.junkTransactions = p.wire.openTransactions();
                reopened.incrementAndGet();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private void broadcast(ConsensusMessage m) {
        byte[] bytes = ConsensusCodec.encode(m);
        for (Peer p : peers) {
            if (p.consensus != null) {
                p.consensus.write(bytes);
            }
        }
    }

    private void send(Peer p, ConsensusMessage m) {
        if (p.consensus != null) {
            p.consensus.write(ConsensusCodec.encode(m));
        }
    }

    private IdentityId leader(long round) {
        return validators.validators().get((int) Math.floorMod(round, (long) validators.size())).id();
    }

    private ValidatorSignature sign(Hash signingHash) {
        return new ValidatorSignature(self, Bytes.wrap(key.sign(signingHash.unsafeArray())));
    }

    private Hash randomHash() {
        return Hash.of(randomBytes(Hash.LENGTH));
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private void printStats() {
        log("rogue stats: received=" + received + " equivocations=" + equivocations + " doubleVotes=" + doubleVotes
                + " unknownBlockVotes=" + unknownBlockVotes + " garbageProposals=" + garbageProposals + " replays="
                + replays + " garbageMessages=" + garbageMessages + " forgedForwards=" + forgedForwards + " streamsOpened="
                + reopened + " maxRound="
                + maxRound);
    }

    private static void log(String line) {
        System.out.println(java.time.Instant.now() + " " + line);
        System.out.flush();
    }

    private static <K, V> Map<K, V> bounded(int max) {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
