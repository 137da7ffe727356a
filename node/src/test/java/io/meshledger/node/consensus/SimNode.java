package io.meshledger.node.consensus;

import io.meshledger.core.identity.IdentityId;
import io.meshledger.node.consensus.ConsensusAction.Broadcast;
import io.meshledger.node.consensus.ConsensusAction.Commit;
import io.meshledger.node.consensus.ConsensusAction.FetchBlock;
import io.meshledger.node.consensus.ConsensusAction.PersistSafetyData;
import io.meshledger.node.consensus.ConsensusAction.Rejected;
import io.meshledger.node.consensus.ConsensusAction.RequestPayload;
import io.meshledger.node.consensus.ConsensusAction.ScheduleTimer;
import io.meshledger.node.consensus.ConsensusAction.Send;

import java.util.List;
import java.util.Optional;

/**
 * The driver of one simulated validator instance: a real {@link ConsensusCore}
 * behind a real {@link MessageVerifier}, performing actions in order with
 * persist-before-send, over simulated storage that survives crashes.
 */
final class SimNode {
    private final Simulation sim;
    private final int index;
    private final int instance;
    private final boolean honest;
    private final SimStorage storage;
    private final Optional<Adversary> adversary;
    private ConsensusCore core;
    private MessageVerifier verifier;
    private boolean up;
    private int incarnation;
    private int crashAfterActions = -1;

    SimNode(Simulation sim, int index, int instance, boolean honest, Optional<Adversary> adversary) {
        this.sim = sim;
        this.index = index;
        this.instance = instance;
        this.honest = honest;
        this.adversary = adversary;
        this.storage = new SimStorage(sim.validators().chainId(), TestValidators.EPOCH);
    }

    IdentityId id() {
        return sim.validators().ids().get(index);
    }

    int index() {
        return index;
    }

    int instance() {
        return instance;
    }

    boolean honest() {
        return honest;
    }

    boolean up() {
        return up;
    }

    SimStorage storage() {
        return storage;
    }

    ConsensusCore core() {
        return core;
    }

    /** (Re)starts from what storage holds: persisted safety data and the committed root. */
    void start() {
        sim.trace(this, "start from " + storage.root().height() + " " + storage.safety());
        up = true;
        incarnation++;
        crashAfterActions = -1;
        TestValidators v = sim.validators();
        core = new ConsensusCore(v.context(index), v.safetyRules(index, storage.safety()), storage.root(),
                storage.pendingBlocks());
        verifier = v.verifier(sim.signatureChecker());
        perform(core.start());
    }

    /** Crashes now, or after a few actions of the next step (between a persist and the sends it protects). */
    void crash(boolean midStep, int actions) {
        if (midStep) {
            crashAfterActions = actions;
        } else {
            stop();
        }
    }

    private void stop() {
        sim.trace(this, "crash");
        up = false;
        incarnation++;
        core = null;
        verifier = null;
    }

    void deliver(IdentityId from, Packet packet) {
        if (!up) {
            return;
        }
        adversary.ifPresent(a -> a.observe(packet));
        switch (packet) {
            case Packet.Message m -> {
                switch (verifier.verify(from, m.message())) {
                    case Verification.Verified ok -> step(new ConsensusEvent.MessageReceived(from, ok.message()));
                    case Verification.Rejected r -> sim.onRejected(this, from, "edge: " + r.reason());
                }
            }
            case Packet.FetchRequest f -> {
                Optional<Proposal> p = core.proposal(f.blockHash());
                if (p.isPresent()) {
                    sim.network().send(this, id(), from, new Packet.FetchReply(p.get()));
                } else if (honest && storage.contains(f.blockHash())) {
                    sim.network().send(this, id(), from, new Packet.SyncReply(List.copyOf(storage.chain()),
                            storage.root()));
                }
            }
            case Packet.FetchReply r -> {
                switch (verifier.verifyFetched(from, r.proposal())) {
                    case Verification.Verified ok -> step(new ConsensusEvent.BlockFetched(r.proposal()));
                    case Verification.Rejected bad -> sim.onRejected(this, from, "edge fetch: " + bad.reason());
                }
            }
            case Packet.SyncReply s -> adoptSync(s);
        }
    }

    private void adoptSync(Packet.SyncReply sync) {
        if (sync.root().height() <= storage.height()) {
            return;
        }
        for (SimStorage.Stored s : sync.chain().subList((int) storage.height(), sync.chain().size())) {
            sim.onCommitted(this, s.block());
        }
        storage.setTipProof(sync.root().highQc());
        step(new ConsensusEvent.SyncCompleted(storage.root()));
    }

    void step(ConsensusEvent event) {
        if (up) {
            perform(core.step(event));
        }
    }

    private void perform(List<ConsensusAction> actions) {
        int myIncarnation = incarnation;
        for (ConsensusAction action : actions) {
            if (crashAfterActions == 0) {
                stop();
            }
            if (!up || incarnation != myIncarnation) {
                return;
            }
            if (crashAfterActions > 0) {
                crashAfterActions--;
            }
            performOne(action);
        }
    }

    private void performOne(ConsensusAction action) {
        sim.trace(this, action);
        switch (action) {
            case PersistSafetyData p -> {
                sim.onPersist(this, storage.safety(), p.data());
                storage.saveSafety(p.data());
            }
            case ConsensusAction.PersistBlock p -> storage.saveBlock(p.proposal());
            case Broadcast b -> {
                if (adversary.isEmpty() || !adversary.get().onBroadcast(this, b.message())) {
                    sim.network().broadcast(this, id(), new Packet.Message(b.message()));
                }
            }
            case Send s -> {
                if (adversary.isEmpty() || !adversary.get().onSend(this, s.to(), s.message())) {
                    sim.network().send(this, id(), s.to(), new Packet.Message(s.message()));
                }
            }
            case ScheduleTimer t -> {
                int myIncarnation = incarnation;
                sim.scheduler().after(t.delayMs(), () -> {
                    if (incarnation == myIncarnation) {
                        step(new ConsensusEvent.TimerFired(t.round()));
                    }
                });
            }
            case RequestPayload r -> {
                int myIncarnation = incarnation;
                var txs = sim.mempool().take(storage, r.excludedTxIds(), Math.min(r.maxCount(), 3));
                sim.scheduler().after(1, () -> {
                    if (incarnation == myIncarnation) {
                        step(new ConsensusEvent.PayloadReady(r.round(), txs, Simulation.EPOCH_MS
                                + sim.scheduler().now()));
                    }
                });
            }
            case Commit c -> {
                for (var block : c.blocks()) {
                    sim.onCommitted(this, block);
                }
                storage.setTipProof(c.commitProof());
            }
            case FetchBlock f -> sim.network().send(this, id(), f.from(), new Packet.FetchRequest(f.blockHash()));
            case Rejected r -> sim.onRejected(this, r.from(), r.code() + ": " + r.reason());
        }
    }
}
