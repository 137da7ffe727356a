package io.meshledger.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/meshledger demo} as a newcomer runs it, twice on the same
 * directory: each run exits 0, tells every part of the story (each line below
 * is printed only after the demo checked that part against the running
 * network), and leaves no node process behind.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DemoE2ETest {
    /** The story's key lines, in the order they must appear. */
    private static final List<String> STORY = List.of(
            "All four nodes committed block 1 and agree on it.",
            "$ meshledger dataset create",
            "Created restricted dataset air-quality",
            "Published air-quality/station-7 version 2",
            ">> event at height",
            "error: PERMISSION_DENIED",
            "Granted read on air-quality to org2/auditor",
            "version 2 of air-quality/station-7",
            "Revoked read on air-quality from org2/auditor",
            "error: PERMISSION_DENIED",
            "Attested ",
            "with SIGKILL",
            "committed up to height",
            "caught up",
            "$ meshledger proof verify",
            "VALID",
            "INVALID: ",
            "Demo complete in");

    @TempDir
    Path tmp;

    @Test
    void theDemoTellsTheWholeStoryExitsZeroStopsItsNodesAndRunsAgainOnTheSameDirectory() throws Exception {
        Path dir = tmp.resolve("demo");
        for (int run = 1; run <= 2; run++) {
            long started = System.nanoTime();
            Launcher.Result r = Launcher.run(300, "demo", "--dir", dir.toString());
            double seconds = (System.nanoTime() - started) / 1e9;
            String context = "run " + run + " after " + Math.round(seconds) + " s\nstdout:\n" + r.out() + "\nstderr:\n"
                    + r.err();
            assertEquals(0, r.exitCode(), context);
            assertStoryInOrder(r.out(), context);
            assertFalse(r.err().contains("Exception"), context);
            assertNoNodeRunning(dir, context);
        }
    }

    @Test
    void aDirectoryTheDemoDidNotMakeIsLeftAlone() throws Exception {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("precious.txt"), "keep me");
        Launcher.Result r = Launcher.run(120, "demo", "--dir", mine.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("was not made by the demo"), r.err());
        assertEquals("keep me", Files.readString(mine.resolve("precious.txt")));
    }

    private static void assertStoryInOrder(String out, String context) {
        int from = 0;
        for (String line : STORY) {
            int at = out.indexOf(line, from);
            assertTrue(at >= 0, "missing, or out of order: '" + line + "'\n" + context);
            from = at + line.length();
        }
    }

    /** Every node the demo started is gone: no pid file names a live process. */
    private static void assertNoNodeRunning(Path dir, String context) throws IOException {
        List<Path> pidFiles;
        try (Stream<Path> s = Files.walk(dir.resolve("nodes"))) {
            pidFiles = s.filter(p -> p.getFileName().toString().equals("node.pid")).toList();
        }
        for (Path pid : pidFiles) {
            long id = Long.parseLong(Files.readString(pid).strip());
            assertFalse(ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false),
                    "node process " + id + " (" + pid + ") still runs\n" + context);
        }
        // The nodes' logs say they stopped cleanly (the store closed after the last block write).
        for (int n = 1; n <= 4; n++) {
            String log = Files.readString(dir.resolve("nodes/node" + n + "/node.log"));
            assertTrue(log.contains("stopped cleanly at height"), "node" + n + " did not stop cleanly\n" + log);
        }
    }
}
