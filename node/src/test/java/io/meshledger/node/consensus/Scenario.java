package io.meshledger.node.consensus;

import java.util.EnumSet;
import java.util.Set;

/**
 * One kind of simulated run; the seed picks everything else (delays, losses,
 * partition sides, crash times, the Byzantine node's victims).
 *
 * @param n          validators
 * @param loss       probability a message is dropped before GST
 * @param duplicate  probability a message is delivered twice
 * @param maxDelayMs largest one-way delay before GST (after GST: 20 ms)
 * @param partition  whether a random partition holds until GST
 * @param crashes    crash-and-restart events of honest nodes before GST (at most f down at once)
 * @param byzantine  behaviours of the one (n=4) or two (n=7) Byzantine validators
 * @param twins      whether the last validator runs as two instances sharing one key
 */
record Scenario(String name, int n, double loss, double duplicate, long maxDelayMs, boolean partition, int crashes,
                Set<Behaviour> byzantine, boolean twins) {
    /** What a Byzantine validator does besides running an honest core. */
    enum Behaviour {
        EQUIVOCATE, DOUBLE_VOTE, UNKNOWN_BLOCK_VOTES, FORGE, REPLAY, WITHHOLD_VOTES
    }

    static final Scenario LOSSY_4 = new Scenario("lossy-4", 4, 0.2, 0.05, 80, false, 0, Set.of(), false);
    static final Scenario PARTITION_4 = new Scenario("partition-4", 4, 0.05, 0.05, 60, true, 0, Set.of(), false);
    static final Scenario CRASH_4 = new Scenario("crash-4", 4, 0.1, 0.05, 60, false, 3, Set.of(), false);
    static final Scenario BYZANTINE_4 = new Scenario("byzantine-4", 4, 0.1, 0.05, 60, false, 0,
            EnumSet.allOf(Behaviour.class), false);
    static final Scenario WITHHOLD_4 = new Scenario("withhold-4", 4, 0.05, 0.02, 40, false, 0,
            EnumSet.of(Behaviour.WITHHOLD_VOTES, Behaviour.EQUIVOCATE), false);
    static final Scenario TWINS_4 = new Scenario("twins-4", 4, 0.1, 0.05, 60, true, 0, Set.of(), true);
    static final Scenario LOSSY_7 = new Scenario("lossy-7", 7, 0.15, 0.05, 80, true, 2, Set.of(), false);
    static final Scenario BYZANTINE_7 = new Scenario("byzantine-7", 7, 0.1, 0.05, 60, false, 0,
            EnumSet.allOf(Behaviour.class), false);

    int f() {
        return (n - 1) / 3;
    }

    @Override
    public String toString() {
        return name;
    }
}
