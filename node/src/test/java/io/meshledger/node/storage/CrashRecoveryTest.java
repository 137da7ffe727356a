package io.meshledger.node.storage;

import io.meshledger.core.block.Block;
import io.meshledger.core.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kills a writing process with SIGKILL at three points and checks the store it
 * leaves: it opens cleanly, holds every block the child acknowledged, and every
 * block it holds is exactly the one the child built (the child writes a seeded
 * chain, which the test rebuilds). Each round resumes the same store, so
 * recovery after a crash is also exercised by the next writer.
 */
class CrashRecoveryTest {
    private static final long SEED = 0x5eed_b10c_c4a5L;
    private static final long CHILD_LAST_HEIGHT = 20_000;
    private static final int[] NEW_ACKS_BEFORE_KILL = {300, 250, 350};
    private static final long ACK_TIMEOUT_MS = 90_000;
    private static final long EXIT_TIMEOUT_S = 30;
    private static final Pattern ACK = Pattern.compile("ack (\\d+) ([0-9a-f]{64})");
    private static final Pattern OPEN = Pattern.compile("open (\\d+)");
    private static final String END = "\u0000end";

    @TempDir
    Path tmp;

    @Test
    void aKilledWriterLosesNoAcknowledgedBlockAndLeavesNothingHalfWritten() throws Exception {
        Path storeDir = tmp.resolve("store");
        TestChain expected = TestChain.seeded(SEED);
        NavigableMap<Long, Hash> acknowledged = new TreeMap<>();
        long tipBefore = 0;
        for (int round = 0; round < NEW_ACKS_BEFORE_KILL.length; round++) {
            long lastAck = runAndKill(storeDir, round, tipBefore, NEW_ACKS_BEFORE_KILL[round], acknowledged);
            try (RocksLedgerStore store = RocksLedgerStore.open(storeDir, LedgerStoreOptions.defaults().verifyingAll())) {
                Tip tip = store.tip();
                assertTrue(tip.height() >= lastAck, "tip " + tip + " lost acknowledged height " + lastAck);
                while (expected.height() < tip.height()) {
                    expected.next(CrashingAppender.transactionsAt(expected.height() + 1));
                }
                assertEquals(expected.blocks().get((int) tip.height() - 1).hash(), tip.hash());
                assertEquals(expected.blocks().get((int) tip.height() - 1).header().txCountTotal(), tip.txCount());
                Hash parent = Hash.ZERO;
                for (long h = 1; h <= tip.height(); h++) {
                    Block stored = store.block(h).orElseThrow(() -> new AssertionError("no block at a height below the tip"));
                    Block built = expected.block(h);
                    assertArrayEquals(built.encode(), stored.encode(), "block " + h);
                    assertEquals(parent, stored.parentHash(), "parent link of block " + h);
                    parent = stored.hash();
                }
                acknowledged.forEach((h, hash) -> assertEquals(hash, expected.block(h).hash(), "acknowledged " + h));
                assertEquals(expected.rootFromScratch(tip.height()), store.accumulatorRoot(tip.height()));
                for (var tx : expected.block(tip.height()).transactions()) {
                    assertTrue(store.containsTransaction(tx.id()));
                }
                tipBefore = tip.height();
            }
        }
    }

    /**
     * Runs the child until it has acknowledged {@code newAcks} blocks, kills it,
     * collects every acknowledgement it printed (including those still in the
     * pipe) into {@code acknowledged}, and returns the highest.
     */
    private long runAndKill(Path storeDir, int round, long tipBefore, int newAcks,
                           NavigableMap<Long, Hash> acknowledged)
            throws IOException, InterruptedException {
        Path stderr = tmp.resolve("child-" + round + ".err");
        Process child = new ProcessBuilder(javaBinary(), "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashingAppender.class.getName(),
                storeDir.toString(), Long.toString(SEED), Long.toString(CHILD_LAST_HEIGHT))
                .redirectError(stderr.toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().daemon().name("crash-child-stdout-" + round).start(() -> pump(child, lines));
        try {
            long deadline = System.currentTimeMillis() + ACK_TIMEOUT_MS;
            int acks = 0;
            long opened = -1;
            while (acks < newAcks) {
                String line = lines.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (line == null || line.equals(END)) {
                    fail("child stopped or stalled after " + acks + " acks; stderr:\n" + Files.readString(stderr));
                }
                Matcher open = OPEN.matcher(line);
                if (open.matches()) {
                    opened = Long.parseLong(open.group(1));
                }
                if (record(line, acknowledged)) {
                    acks++;
                }
            }
            assertEquals(tipBefore, opened, "the child resumed after the tip the test saw");
            child.destroyForcibly();
            assertTrue(child.waitFor(EXIT_TIMEOUT_S, TimeUnit.SECONDS), "child did not die");
            assertEquals(137, child.exitValue(), "child was killed by SIGKILL, not finished");
            for (String line = lines.poll(EXIT_TIMEOUT_S, TimeUnit.SECONDS); line != null && !line.equals(END);
                 line = lines.poll(EXIT_TIMEOUT_S, TimeUnit.SECONDS)) {
                record(line, acknowledged);
            }
            return acknowledged.lastKey();
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(EXIT_TIMEOUT_S, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(EXIT_TIMEOUT_S));
        }
    }

    private static boolean record(String line, Map<Long, Hash> acknowledged) {
        Matcher ack = ACK.matcher(line);
        if (!ack.matches()) {
            return false;
        }
        acknowledged.put(Long.parseLong(ack.group(1)), Hash.fromHex(ack.group(2)));
        return true;
    }

    private static void pump(Process child, BlockingQueue<String> lines) {
        try (BufferedReader in = child.inputReader()) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("stdout read failed: " + e);
        } finally {
            lines.add(END);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
