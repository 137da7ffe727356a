package io.meshledger.node.consensus;

import org.junit.jupiter.api.Test;

class TmpStatsTest {
    @Test
    void stats() {
        for (int warm = 0; warm < 2; warm++) {
            for (Scenario s : ConsensusSimulationTest.SCENARIOS) {
                long t0 = System.nanoTime();
                long events = 0, sim = 0, delivered = 0, h = 0;
                int runs = 20;
                for (int seed = 1; seed <= runs; seed++) {
                    var r = new Simulation(s, seed).run();
                    events += r.events(); sim += r.simTimeMs(); delivered += r.delivered(); h += r.minHonestHeight();
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.println(s + " avg " + ms / runs + " ms, events " + events / runs + ", sim " + sim / runs
                        + " ms, delivered " + delivered / runs + ", height " + h / runs);
            }
        }
    }
}
