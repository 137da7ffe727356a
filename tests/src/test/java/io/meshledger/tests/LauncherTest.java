package io.meshledger.tests;

import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher, as a newcomer runs it: a real {@code bin/meshledger} process. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherTest {
    @TempDir
    Path dir;

    @Test
    @Order(1)
    void helpListsTheCommandsAndExitsZero() throws Exception {
        // Generous limit: on a tree without the jar, the launcher builds it first.
        Launcher.Result r = Launcher.run(900, "--help");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Usage: meshledger"), r.out());
        assertTrue(r.out().contains("network"), r.out());
    }

    @Test
    @Order(2)
    void networkInitWritesANetworkThatLoads() throws Exception {
        Path out = dir.resolve("net");
        Launcher.Result r = Launcher.run(120, "network", "init", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Genesis g = GenesisCodec.load(out.resolve("genesis.json"));
        assertEquals(4, g.validators().size());
        assertTrue(Files.exists(out.resolve("orgs/org2/users/auditor/key.pem")));
        assertTrue(Files.exists(out.resolve("nodes/node4/node.yaml")));
    }

    @Test
    @Order(3)
    void aFailureIsOneClearLineOnStderrWithoutAStackTrace() throws Exception {
        Path out = dir.resolve("net");
        assertEquals(0, Launcher.run(120, "network", "init", "--out", out.toString()).exitCode());
        Launcher.Result r = Launcher.run(120, "network", "init", "--out", out.toString());
        assertEquals(1, r.exitCode());
        String err = r.err().strip();
        assertTrue(err.startsWith("error: ") && err.contains("--force"), err);
        assertEquals(1, err.lines().count(), err);
        assertFalse(err.contains("Exception"), err);
    }

    @Test
    @Order(4)
    void anUnknownCommandIsAUsageError() throws Exception {
        Launcher.Result r = Launcher.run(120, "no-such-command");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("no-such-command"), r.err());
    }
}
