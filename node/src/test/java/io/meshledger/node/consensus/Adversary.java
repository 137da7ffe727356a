package io.meshledger.node.consensus;

import io.meshledger.core.Bytes;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.BlockHeader;
import io.meshledger.core.block.ValidatorSignature;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.crypto.SigningKey;
import io.meshledger.core.identity.IdentityId;
import io.meshledger.node.consensus.Scenario.Behaviour;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A Byzantine validator: it runs an honest core but tampers with what leaves
 * it (equivocation, double votes, withheld votes) and injects noise on a timer
 * (votes for unknown blocks, forged signatures, signatures by a non-validator,
 * replays of old messages).
 */
final class Adversary {
    private static final int MAX_REMEMBERED = 64;

    private final Simulation sim;
    private final int index;
    private final Set<Behaviour> behaviours;
    private final Random random;
    private final List<ConsensusMessage> seen = new ArrayList<>();

    Adversary(Simulation sim, int index, Set<Behaviour> behaviours) {
        this.sim = sim;
        this.index = index;
        this.behaviours = behaviours;
        this.random = sim.random();
    }

    void observe(Packet packet) {
        if (packet instanceof Packet.Message m) {
            if (seen.size() == MAX_REMEMBERED) {
                seen.remove(random.nextInt(MAX_REMEMBERED));
            }
            seen.add(m.message());
        }
    }

    /** True when the adversary sent the message itself (differently). */
    boolean onBroadcast(SimNode node, ConsensusMessage message) {
        if (!(message instanceof Proposal p) || !behaviours.contains(Behaviour.EQUIVOCATE)) {
            return false;
        }
        Proposal twin = equivocate(p);
        for (IdentityId peer : sim.validators().ids()) {
            if (!peer.equals(node.id())) {
                sim.network().send(node, node.id(), peer, new Packet.Message(random.nextBoolean() ? p : twin));
            }
        }
        IdentityId nextLeader = ConsensusContext.of(TestValidators.CHAIN, sim.validators().set(), node.id(),
                TestValidators.parameters()).leaders().leader(p.round() + 1);
        sim.network().send(node, node.id(), nextLeader, new Packet.Message(vote(twin.block(), p.justify().round())));
        return true;
    }

    boolean onSend(SimNode node, IdentityId to, ConsensusMessage message) {
        if (!(message instanceof Vote v)) {
            return false;
        }
        if (behaviours.contains(Behaviour.WITHHOLD_VOTES) && random.nextInt(3) > 0) {
            return true;
        }
        if (behaviours.contains(Behaviour.DOUBLE_VOTE)) {
            VoteData d = v.data();
            VoteData other = new VoteData(d.chainId(), d.epoch(), d.round(), d.height(), randomHash(), d.parentHash(),
                    d.parentRound());
            send(node, to, new Vote(other, sign(other.signingHash())));
            send(node, randomPeer(), v);
        }
        return false;
    }

    /** Injects noise now and schedules the next injection. */
    void tick(SimNode node) {
        if (node.up()) {
            long round = node.core().round();
            if (behaviours.contains(Behaviour.UNKNOWN_BLOCK_VOTES)) {
                VoteData d = new VoteData(TestValidators.CHAIN, TestValidators.EPOCH, round + random.nextInt(3),
                        1 + random.nextInt(50), randomHash(), randomHash(), Math.max(0, round - 1));
                send(node, randomPeer(), new Vote(d, sign(d.signingHash())));
            }
            if (behaviours.contains(Behaviour.FORGE)) {
                forge(node, round);
            }
            if (behaviours.contains(Behaviour.REPLAY) && !seen.isEmpty()) {
                send(node, randomPeer(), seen.get(random.nextInt(seen.size())));
            }
        }
        sim.scheduler().after(20 + random.nextInt(60), () -> tick(node));
    }

    private void forge(SimNode node, long round) {
        VoteData d = new VoteData(TestValidators.CHAIN, TestValidators.EPOCH, Math.max(1, round), 1, randomHash(),
                Hash.ZERO, 0);
        switch (random.nextInt(4)) {
            case 0 -> send(node, randomPeer(), new Vote(d, new ValidatorSignature(node.id(), randomBytes())));
            case 1 -> {
                IdentityId victim = sim.validators().ids().get(random.nextInt(sim.validators().n()));
                send(node, randomPeer(), new Vote(d, new ValidatorSignature(victim, randomBytes())));
            }
            case 2 -> {
                SigningKey outsider = sim.validators().outsiderKey();
                IdentityId outsiderId = sim.validators().outsider();
                Vote v = new Vote(d, new ValidatorSignature(outsiderId,
                        Bytes.wrap(outsider.sign(d.signingHash().unsafeArray()))));
                sim.network().send(node, outsiderId, randomPeer(), new Packet.Message(v));
            }
            default -> {
                List<ValidatorSignature> fake = new ArrayList<>();
                for (IdentityId id : sim.validators().ids()) {
                    fake.add(new ValidatorSignature(id, randomBytes()));
                }
                QuorumCertificate forgedQc = new QuorumCertificate(new VoteData(TestValidators.CHAIN,
                        TestValidators.EPOCH, round + 5, 7, randomHash(), randomHash(), round + 4), fake);
                TimeoutData t = new TimeoutData(TestValidators.CHAIN, TestValidators.EPOCH, round + 6, round + 5);
                send(node, randomPeer(), new TimeoutMessage(new SignedTimeout(t, sign(t.signingHash())), forgedQc));
            }
        }
    }

    private Proposal equivocate(Proposal p) {
        BlockHeader h = p.block().header();
        BlockHeader other = new BlockHeader(h.chainId(), h.epoch(), h.height(), h.round(), h.parentHash(),
                h.transactionsRoot(), h.txAccumulatorRoot(), h.txCountTotal(), h.timestampMs() + 1, h.proposer());
        Block block = Block.create(other, p.block().transactions());
        return new Proposal(block, p.justify(), p.timeoutCertificate(), sign(Proposal.signingHash(block.hash())));
    }

    private Vote vote(Block block, long parentRound) {
        VoteData d = new VoteData(TestValidators.CHAIN, TestValidators.EPOCH, block.header().round(), block.height(),
                block.hash(), block.parentHash(), parentRound);
        return new Vote(d, sign(d.signingHash()));
    }

    private void send(SimNode node, IdentityId to, ConsensusMessage message) {
        sim.network().send(node, node.id(), to, new Packet.Message(message));
    }

    private ValidatorSignature sign(Hash hash) {
        SigningKey key = sim.validators().keys().get(index);
        return new ValidatorSignature(sim.validators().ids().get(index), Bytes.wrap(key.sign(hash.unsafeArray())));
    }

    private IdentityId randomPeer() {
        return sim.validators().ids().get(random.nextInt(sim.validators().n()));
    }

    private Hash randomHash() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Hash.of(b);
    }

    private Bytes randomBytes() {
        byte[] b = new byte[64];
        random.nextBytes(b);
        return Bytes.wrap(b);
    }

}
