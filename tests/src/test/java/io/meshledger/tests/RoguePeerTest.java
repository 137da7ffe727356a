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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three honest nodes and, in place of node4, a {@link RoguePeer} process holding
 * node4's genuine credentials and speaking Byzantine traffic (equivocation,
 * double votes, votes for unknown blocks, garbage proposals and bytes, replays).
 * With f = 1 the honest three keep committing, never fork, and stay up.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RoguePeerTest {
    private static final int ROGUE = 3;
    private static final List<Integer> HONEST = List.of(0, 1, 2);
    private static final Duration ATTACK = Duration.ofSeconds(45);
    private static final long MIN_PROGRESS = 10;

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    private static Load.Background load;

    @Test
    void theHonestThreeKeepCommittingWithoutForkingWhileARoguePeerAttacks() {
        cluster.init(dir);
        for (int i : HONEST) {
            cluster.start(i);
        }
        cluster.startMain(ROGUE, RoguePeer.class.getName(), List.of(cluster.configFile(ROGUE).toString(),
                Long.toString(System.nanoTime())));
        for (int i : HONEST) {
            cluster.awaitUp(i, Duration.ofSeconds(60));
        }
        cluster.awaitHeight(HONEST, 1, Duration.ofSeconds(60));
        load = new Load(cluster).background(100, HONEST);
        Chains chains = new Chains(cluster);

        long start = HONEST.stream().mapToLong(cluster::height).min().orElseThrow();
        long deadline = System.nanoTime() + ATTACK.toNanos();
        while (System.nanoTime() - deadline < 0) {
            LocalCluster.sleep(Duration.ofSeconds(5));
            cluster.assertRunning(HONEST);
            cluster.assertRunning(List.of(ROGUE));
            chains.assertNoFork();
        }
        long end = HONEST.stream().mapToLong(cluster::height).min().orElseThrow();
        System.out.printf("under attack for %s the honest nodes went from height %d to %d (%s)%n", ATTACK, start, end,
                load);
        assertTrue(end >= start + MIN_PROGRESS, "the honest nodes committed only " + (end - start) + " blocks in "
                + ATTACK + " under attack (heights " + cluster.heights() + ")");

        // The rogue did every kind of harm it was written for.
        Map<String, Long> stats = lastStats();
        System.out.println("rogue " + stats);
        for (String attack : List.of("received", "equivocations", "doubleVotes", "unknownBlockVotes",
                "garbageProposals", "replays", "garbageMessages", "forgedForwards")) {
            assertTrue(stats.getOrDefault(attack, 0L) > 0, "the rogue never managed " + attack + ": " + stats);
        }

        load.close();
        long common = HONEST.stream().mapToLong(cluster::height).min().orElseThrow();
        chains.assertIdentical(HONEST, common);
        for (int node : HONEST) {
            chains.assertCertified(node, common - 2);
        }
        // The forged transactions it forwarded and vouched for alone (one validator's word) never got in.
        io.meshledger.core.identity.MembershipValidator members = cluster.genesis().membershipValidator(100);
        long checked = 0;
        for (long h = 1; h <= common; h++) {
            for (io.meshledger.core.tx.SignedTransaction tx : chains.block(0, h).orElseThrow().block().transactions()) {
                var sender = (io.meshledger.core.tx.Sender.Certificate) tx.decoded().sender();
                var member = (io.meshledger.core.identity.MembershipCheck.Valid) members.validate(
                        sender.der().unsafeArray(), java.time.Instant.now());
                assertTrue(member.member().key().verify(tx.id().unsafeArray(), tx.signature().unsafeArray()),
                        "committed transaction " + tx.id().shortHex() + " at height " + h + " has a forged signature");
                checked++;
            }
        }
        System.out.println(checked + " committed transactions all carry valid signatures");
        // Its equivocating proposals were not just sent but taken up: one of each pair, with its double vote, can
        // gather a quorum, and the honest nodes then agree on that one.
        io.meshledger.core.Bytes rogueId = cluster.genesis().validators().validators().get(ROGUE).id().toBytes();
        long rogueBlocks = java.util.stream.LongStream.rangeClosed(1, common)
                .filter(h -> chains.block(0, h).orElseThrow().block().header().proposer().equals(rogueId)).count();
        System.out.println("blocks 1.." + common + " hold " + rogueBlocks + " blocks proposed by the rogue");
        assertTrue(rogueBlocks > 0, "no block the rogue proposed was ever committed: its proposals were not processed");
        cluster.assertRunning(HONEST);
        for (int node : HONEST) {
            System.out.println(cluster.name(node) + ": " + cluster.grep(node, "cut off peer").size()
                    + " cut-offs of the rogue, " + cluster.grep(node, "Rejected proposal").size()
                    + " rejected proposals logged");
        }
    }

    private static Map<String, Long> lastStats() {
        List<String> lines = cluster.grep(ROGUE, "rogue stats:");
        assertTrue(!lines.isEmpty(), "the rogue printed no stats");
        Map<String, Long> stats = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\\d+)").matcher(lines.getLast());
        while (m.find()) {
            stats.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return stats;
    }

    @AfterAll
    static void stopLoad() {
        if (load != null) {
            load.close();
        }
    }
}
