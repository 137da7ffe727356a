package io.meshledger.node.consensus;

import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.identity.IdentityId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * One seeded, deterministic run: n real cores over a simulated network, clock
 * and storage, with faults until GST. Safety invariants are checked after every
 * event; liveness at the end: after GST and the last restart, every honest node
 * commits {@link #LIVENESS_BLOCKS} more blocks within {@link #LIVENESS_WINDOW_MS}.
 * Any violation throws an {@link AssertionError} naming the scenario and seed.
 */
final class Simulation {
    static final long EPOCH_MS = 1_700_000_000_000L;
    static final long LIVENESS_WINDOW_MS = 30_000;
    static final int LIVENESS_BLOCKS = 10;
    private static final boolean TRACE = Boolean.getBoolean("sim.trace");

    /** What a passing run did. */
    record Result(Scenario scenario, long seed, long events, long simTimeMs, long minHonestHeight, long delivered,
                  int rejections) {
    }

    private final Scenario scenario;
    private final long seed;
    private final Random random;
    private final SimScheduler scheduler = new SimScheduler();
    private final TestValidators validators;
    private final SimNetwork network;
    private final SimMempool mempool;
    private final MemoizingSignatureChecker signatureChecker = new MemoizingSignatureChecker();
    private final List<SimNode> nodes = new ArrayList<>();
    private final Set<IdentityId> faulty = new HashSet<>();
    private final Map<Long, Hash> committedAt = new HashMap<>();
    private final Map<String, Hash> votes = new HashMap<>();
    private final long gstMs;
    private long livenessStartMs;
    private long baseline = -1;
    private int rejections;

    Simulation(Scenario scenario, long seed) {
        this.scenario = scenario;
        this.seed = seed;
        this.random = new Random(seed);
        this.validators = TestValidators.of(scenario.n());
        this.gstMs = 300 + random.nextInt(1200);
        this.mempool = new SimMempool(random);
        int instances = scenario.n() + (scenario.twins() ? 1 : 0);
        this.network = new SimNetwork(scenario, scheduler, random, gstMs, instances);
    }

    Random random() {
        return random;
    }

    SimScheduler scheduler() {
        return scheduler;
    }

    TestValidators validators() {
        return validators;
    }

    SimNetwork network() {
        return network;
    }

    /** With {@code -Dsim.trace=true}, prints every action performed: for replaying one seed. */
    void trace(SimNode node, Object what) {
        if (TRACE) {
            String text = String.valueOf(what);
            System.out.println(scheduler.now() + " node" + node.index() + (node.instance() != node.index() ? "'" : "")
                    + (node.up() ? " r" + node.core().round() : "") + " " + (text.length() > 300 ? text.substring(0, 300) : text));
        }
    }

    SignatureChecker signatureChecker() {
        return signatureChecker;
    }

    SimMempool mempool() {
        return mempool;
    }

    Result run() {
        int n = scenario.n();
        int byzantineCount = scenario.byzantine().isEmpty() ? 0 : scenario.f();
        for (int i = 0; i < n; i++) {
            boolean byzantine = i >= n - byzantineCount;
            boolean twin = scenario.twins() && i == n - 1;
            Optional<Adversary> adversary = byzantine
                    ? Optional.of(new Adversary(this, i, scenario.byzantine())) : Optional.empty();
            SimNode node = new SimNode(this, i, nodes.size(), !byzantine && !twin, adversary);
            nodes.add(node);
            adversary.ifPresent(a -> scheduler.after(random.nextInt(50), () -> a.tick(node)));
            if (twin) {
                nodes.add(new SimNode(this, i, nodes.size(), false, Optional.empty()));
            }
            if (byzantine || twin) {
                faulty.add(validators.ids().get(i));
            }
        }
        faulty.add(validators.outsider());
        network.attach(List.copyOf(nodes));
        for (SimNode node : nodes) {
            node.start();
        }
        livenessStartMs = Math.max(gstMs, scheduleCrashes());
        scheduler.after(livenessStartMs, () -> baseline = maxHonestHeight());
        long deadline = livenessStartMs + LIVENESS_WINDOW_MS;
        while (scheduler.runNext(deadline)) {
            checkAfterEvent();
            if (baseline >= 0 && minHonestHeight() >= baseline + LIVENESS_BLOCKS) {
                return new Result(scenario, seed, scheduler.executed(), scheduler.now(), minHonestHeight(),
                        network.delivered(), rejections);
            }
        }
        throw fail("liveness: honest heights " + honestHeights() + " did not all reach " + (baseline + LIVENESS_BLOCKS)
                + " within " + LIVENESS_WINDOW_MS + " ms after GST " + gstMs + " / last restart " + livenessStartMs);
    }

    /** Crash-restart cycles before GST, one at a time, each on a random honest node; returns the last restart time. */
    private long scheduleCrashes() {
        long last = 0;
        if (scenario.crashes() == 0) {
            return last;
        }
        long slot = gstMs / scenario.crashes();
        List<SimNode> honest = nodes.stream().filter(SimNode::honest).toList();
        for (int c = 0; c < scenario.crashes(); c++) {
            SimNode victim = honest.get(random.nextInt(honest.size()));
            long crashAt = c * slot + random.nextLong(Math.max(1, slot / 2));
            long restartAt = crashAt + 1 + random.nextLong(Math.max(1, slot / 2 - 1));
            boolean midStep = random.nextBoolean();
            int actions = random.nextInt(3);
            scheduler.after(crashAt, () -> victim.crash(midStep, actions));
            scheduler.after(restartAt, () -> {
                if (victim.up()) {
                    victim.crash(false, 0);
                }
                victim.start();
            });
            last = Math.max(last, restartAt);
        }
        return last;
    }

    private void checkAfterEvent() {
        for (SimNode node : nodes) {
            if (node.honest() && node.up()) {
                SafetyData memory = node.core().safetyData();
                SafetyData durable = node.storage().safety();
                if (memory.lastVotedRound() < durable.lastVotedRound()) {
                    throw fail(node, "in-memory last voted round " + memory.lastVotedRound()
                            + " below the persisted " + durable.lastVotedRound());
                }
                if (node.core().committedRoot().height() > node.storage().height()) {
                    throw fail(node, "core committed height " + node.core().committedRoot().height()
                            + " above the stored " + node.storage().height());
                }
            }
        }
    }

    void onPersist(SimNode node, SafetyData before, SafetyData after) {
        if (!node.honest()) {
            return;
        }
        if (after.lastVotedRound() < before.lastVotedRound() || after.oneChainRound() < before.oneChainRound()) {
            throw fail(node, "safety data went back from " + before + " to " + after);
        }
        after.lastVote().ifPresent(v -> {
            Hash previous = votes.putIfAbsent(node.index() + "/" + v.round(), v.data().blockHash());
            if (previous != null && !previous.equals(v.data().blockHash())) {
                throw fail(node, "signed two votes in round " + v.round() + ": " + previous.shortHex() + " and "
                        + v.data().blockHash().shortHex());
            }
        });
    }

    void onCommitted(SimNode node, Block block) {
        String violation = node.storage().append(block);
        if (!node.honest()) {
            return;
        }
        if (violation != null) {
            throw fail(node, violation);
        }
        Hash other = committedAt.putIfAbsent(block.height(), block.hash());
        if (other != null && !other.equals(block.hash())) {
            throw fail(node, "committed " + block.hash().shortHex() + " at height " + block.height() + " where "
                    + other.shortHex() + " was committed");
        }
    }

    void onRejected(SimNode node, IdentityId from, String reason) {
        rejections++;
        if (node.honest() && !faulty.contains(from)) {
            throw fail(node, "rejected a message of honest " + from + ": " + reason);
        }
    }

    private long minHonestHeight() {
        return nodes.stream().filter(SimNode::honest).mapToLong(x -> x.storage().height()).min().orElseThrow();
    }

    private long maxHonestHeight() {
        return nodes.stream().filter(SimNode::honest).mapToLong(x -> x.storage().height()).max().orElseThrow();
    }

    private List<Long> honestHeights() {
        return nodes.stream().filter(SimNode::honest).map(x -> x.storage().height()).toList();
    }

    private AssertionError fail(SimNode node, String what) {
        return fail("node" + node.index() + (node.instance() != node.index() ? " (twin)" : "") + ": " + what);
    }

    private AssertionError fail(String what) {
        return new AssertionError("scenario " + scenario + " seed " + seed + " at " + scheduler.now() + " ms: " + what
                + "\n  replay: mvn -pl node test -Dtest=ConsensusSimulationTest -Dsim.scenario=" + scenario
                + " -Dsim.seed=" + seed);
    }
}
