package io.meshledger.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two of four nodes killed: the remaining two, below the quorum of three, commit
 * nothing (and nobody ever holds a different block at a height); one killed
 * node comes back: the three commit again.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class QuorumLossTest {
    /** Blocks already certified when the nodes die may still commit; after this, nothing may. */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Duration OBSERVE_STALL = Duration.ofSeconds(8);

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    private static Load.Background load;

    @Test
    void twoNodesDownStopsCommitsWithoutForksAndOneReturningResumesThem() {
        cluster.init(dir).startAll();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitUp(i, Duration.ofSeconds(60));
        }
        cluster.awaitHeight(cluster.allNodes(), 3, Duration.ofSeconds(60));
        load = new Load(cluster).background(100);
        Chains chains = new Chains(cluster);

        cluster.kill(0);
        cluster.kill(1);
        List<Integer> survivors = List.of(2, 3);
        LocalCluster.sleep(SETTLE);
        Map<Integer, Long> stalled = heightsOf(survivors);
        long deadline = System.nanoTime() + OBSERVE_STALL.toNanos();
        while (System.nanoTime() - deadline < 0) {
            assertEquals(stalled, heightsOf(survivors), "a node committed without a quorum");
            LocalCluster.sleep(Duration.ofMillis(500));
        }
        chains.assertNoFork();
        cluster.assertRunning(survivors);
        System.out.printf("without a quorum, heights stayed at %s for %s (%s)%n", stalled, OBSERVE_STALL, load);

        cluster.start(0);
        cluster.awaitUp(0, Duration.ofSeconds(60));
        long top = stalled.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long t0 = System.nanoTime();
        cluster.awaitHeight(List.of(0, 2, 3), top + 3, Duration.ofSeconds(60));
        System.out.printf("with node1 back, the three passed height %d within %d ms%n", top + 3,
                (System.nanoTime() - t0) / 1_000_000);
        chains.assertNoFork();

        // The last one returns too and catches up; every ledger is the same.
        cluster.start(1);
        cluster.awaitUp(1, Duration.ofSeconds(60));
        long now = cluster.allNodes().stream().mapToLong(cluster::height).max().orElseThrow();
        cluster.awaitHeight(cluster.allNodes(), now, Duration.ofSeconds(60));
        load.close();
        long common = cluster.allNodes().stream().mapToLong(cluster::height).min().orElseThrow();
        chains.assertIdentical(cluster.allNodes(), common);
        chains.assertNoFork();
        cluster.assertRunning(cluster.allNodes());
    }

    private static Map<Integer, Long> heightsOf(List<Integer> nodes) {
        return nodes.stream().collect(Collectors.toMap(i -> i, cluster::height));
    }

    @AfterAll
    static void stopLoad() {
        if (load != null) {
            load.close();
        }
    }
}
