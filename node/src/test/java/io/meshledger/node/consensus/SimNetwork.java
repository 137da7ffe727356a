package io.meshledger.node.consensus;

import io.meshledger.core.identity.IdentityId;

import java.util.List;
import java.util.Random;

/**
 * Delivers packets between node instances with a per-packet delay, loss,
 * duplication (hence reordering) and, before GST, an optional partition.
 * After GST nothing is lost and every delay is at most {@link #SYNC_DELAY_MS}.
 */
final class SimNetwork {
    static final long SYNC_DELAY_MS = 20;

    private final Scenario scenario;
    private final SimScheduler scheduler;
    private final Random random;
    private final long gstMs;
    private final boolean[] sideA;
    private List<SimNode> nodes = List.of();
    private long delivered;

    SimNetwork(Scenario scenario, SimScheduler scheduler, Random random, long gstMs, int instances) {
        this.scenario = scenario;
        this.scheduler = scheduler;
        this.random = random;
        this.gstMs = gstMs;
        this.sideA = new boolean[instances];
        if (scenario.partition()) {
            for (int i = 0; i < instances; i++) {
                sideA[i] = random.nextBoolean();
            }
        }
    }

    void attach(List<SimNode> allNodes) {
        this.nodes = allNodes;
    }

    long delivered() {
        return delivered;
    }

    /** To every instance with identity {@code to}, except the sending instance. */
    void send(SimNode sender, IdentityId fromId, IdentityId to, Packet packet) {
        for (SimNode target : nodes) {
            if (target != sender && target.id().equals(to)) {
                route(sender, fromId, target, packet);
            }
        }
    }

    /** To every instance whose identity is not the sender's. */
    void broadcast(SimNode sender, IdentityId fromId, Packet packet) {
        for (SimNode target : nodes) {
            if (!target.id().equals(fromId)) {
                route(sender, fromId, target, packet);
            }
        }
    }

    private void route(SimNode sender, IdentityId fromId, SimNode target, Packet packet) {
        boolean beforeGst = scheduler.now() < gstMs;
        if (beforeGst) {
            if (scenario.partition() && sideA[sender.instance()] != sideA[target.instance()]) {
                return;
            }
            if (random.nextDouble() < scenario.loss()) {
                return;
            }
        }
        int copies = random.nextDouble() < scenario.duplicate() ? 2 : 1;
        for (int c = 0; c < copies; c++) {
            long delay = beforeGst ? 1 + random.nextLong(scenario.maxDelayMs()) : 1 + random.nextLong(SYNC_DELAY_MS);
            scheduler.after(delay, () -> {
                delivered++;
                target.deliver(fromId, packet);
            });
        }
    }
}
