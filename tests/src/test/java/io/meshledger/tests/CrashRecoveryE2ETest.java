package io.meshledger.tests;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of one node under continuous load: the other three keep
 * committing; restarted on its data directory, the node catches up and its
 * ledger equals the others'. First a node that is not the leader, then the
 * leader of the moment. The two tests share one network and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrashRecoveryE2ETest {
    private static final int LOAD_TX_PER_SECOND = 200;
    private static final Duration KEEP_COMMITTING = Duration.ofSeconds(30);
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    private static Load.Background load;

    @Test
    @Order(1)
    void aKilledFollowerDoesNotStopTheOthersAndCatchesUpAfterRestart() {
        cluster.init(dir).startAll();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitUp(i, Duration.ofSeconds(60));
        }
        cluster.awaitHeight(cluster.allNodes(), 1, Duration.ofSeconds(60));
        load = new Load(cluster).background(LOAD_TX_PER_SECOND);

        int leader = cluster.leader(0);
        int victim = (leader + 2) % cluster.size();
        killUnderLoadAndRecover(victim, "follower");
    }

    @Test
    @Order(2)
    void aKilledLeaderDoesNotStopTheOthersAndCatchesUpAfterRestart() {
        int victim = cluster.leader(0);
        killUnderLoadAndRecover(victim, "leader");
        load.close();
        assertTrue(load.accepted() > 0, "the background load got nothing accepted: " + load);
        new Chains(cluster).assertNoFork();
        cluster.assertRunning(cluster.allNodes());
    }

    private static void killUnderLoadAndRecover(int victim, String role) {
        List<Integer> others = cluster.except(victim);
        cluster.kill(victim);
        long from = others.stream().mapToLong(cluster::height).min().orElseThrow();
        long t0 = System.nanoTime();
        cluster.awaitHeight(others, from + 5, KEEP_COMMITTING);
        System.out.printf("%s %s killed at height %d; the other three committed 5 more blocks in %d ms (%s)%n",
                role, cluster.name(victim), from, (System.nanoTime() - t0) / 1_000_000, load);

        cluster.start(victim);
        cluster.awaitUp(victim, Duration.ofSeconds(60));
        long othersAtRestart = others.stream().mapToLong(cluster::height).max().orElseThrow();
        long t1 = System.nanoTime();
        // Caught up by block sync, and then taking part: it passes where the others were when it came back.
        cluster.awaitHeight(List.of(victim), othersAtRestart + 3, CATCH_UP);
        System.out.printf("%s %s restarted and reached height %d in %d ms%n", role, cluster.name(victim),
                othersAtRestart + 3, (System.nanoTime() - t1) / 1_000_000);

        long common = cluster.allNodes().stream().mapToLong(cluster::height).min().orElseThrow();
        new Chains(cluster).assertIdentical(cluster.allNodes(), common);

        // Back in consensus, not only synced: with another node down, the quorum of three needs its votes.
        int other = others.getFirst();
        cluster.kill(other);
        List<Integer> quorum = cluster.except(other);
        long before = quorum.stream().mapToLong(cluster::height).max().orElseThrow();
        cluster.awaitHeight(quorum, before + 3, KEEP_COMMITTING);
        cluster.start(other);
        cluster.awaitUp(other, Duration.ofSeconds(60));
        long target = quorum.stream().mapToLong(cluster::height).max().orElseThrow();
        cluster.awaitHeight(List.of(other), target, CATCH_UP);
        long common2 = cluster.allNodes().stream().mapToLong(cluster::height).min().orElseThrow();
        new Chains(cluster).assertIdentical(cluster.allNodes(), common2);
        cluster.assertRunning(cluster.allNodes());
    }

    @org.junit.jupiter.api.AfterAll
    static void stopLoad() {
        if (load != null) {
            load.close();
        }
    }
}
