package io.meshledger.node.consensus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded simulation runs over every scenario. A failure names its scenario and
 * seed; replay exactly that run with
 * {@code mvn -pl node test -Dtest=ConsensusSimulationTest -Dsim.scenario=lossy-4 -Dsim.seed=1234}
 * (either property may be given alone; {@code -Dsim.runs=N} changes the seeds per scenario).
 */
@Execution(ExecutionMode.CONCURRENT)
class ConsensusSimulationTest {
    static final List<Scenario> SCENARIOS = List.of(Scenario.LOSSY_4, Scenario.PARTITION_4, Scenario.CRASH_4,
            Scenario.BYZANTINE_4, Scenario.WITHHOLD_4, Scenario.TWINS_4, Scenario.LOSSY_7, Scenario.BYZANTINE_7);
    private static final int RUNS_PER_SCENARIO = Integer.getInteger("sim.runs", 250);

    static Stream<Arguments> runs() {
        String onlyScenario = System.getProperty("sim.scenario");
        String onlySeed = System.getProperty("sim.seed");
        return SCENARIOS.stream()
                .filter(s -> onlyScenario == null || s.name().equals(onlyScenario))
                .flatMap(s -> seeds(onlySeed).mapToObj(seed -> Arguments.of(s, seed)));
    }

    private static LongStream seeds(String onlySeed) {
        return onlySeed != null ? Arrays.stream(onlySeed.split(",")).mapToLong(Long::parseLong)
                : LongStream.range(1, RUNS_PER_SCENARIO + 1);
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("runs")
    void honestNodesNeverForkAndKeepCommittingAfterGst(Scenario scenario, long seed) {
        Simulation.Result result = new Simulation(scenario, seed).run();
        assertTrue(result.minHonestHeight() >= Simulation.LIVENESS_BLOCKS, result.toString());
    }

    @Test
    void aSeedReplaysExactly() {
        Simulation.Result first = new Simulation(Scenario.BYZANTINE_4, 77).run();
        Simulation.Result second = new Simulation(Scenario.BYZANTINE_4, 77).run();
        org.junit.jupiter.api.Assertions.assertEquals(first, second);
    }
}
