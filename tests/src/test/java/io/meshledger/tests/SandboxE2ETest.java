package io.meshledger.tests;

import io.meshledger.core.crypto.Hash;
import io.meshledger.node.cli.Main;
import io.meshledger.node.execution.ContractCompiler;
import io.meshledger.proto.v1.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User contracts on four node processes: deployment through governance (an
 * admin of each organisation), a contract that reads the clock refused at
 * deployment naming the call, a working contract, and a runaway loop that
 * fails with the same out-of-gas receipt on every node.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SandboxE2ETest {
    private static final Pattern TX = Pattern.compile("transaction ([0-9a-f]{64}) committed at height (\\d+)");
    private static final Pattern PROPOSAL = Pattern.compile("as proposal (\\d+)");

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster(4);

    @Test
    void governanceDeploysContractsTheVerifierRefusesClocksAndRunawayLoopsFailAlikeOnEveryNode() throws IOException {
        cluster.init(dir).startAll();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitUp(i, Duration.ofSeconds(60));
        }
        cluster.awaitHeight(cluster.allNodes(), 1, Duration.ofSeconds(60));

        deploy("looper", ContractCompiler.jar("demo.Looper", """
                package demo;
                import io.meshledger.contracts.*;
                public class Looper implements Contract {
                    public byte[] invoke(ContractContext c, String method, byte[] args) {
                        long i = 0;
                        while (i >= 0) { i++; }
                        return new byte[0];
                    }
                }
                """));
        deploy("tally", ContractCompiler.jar("demo.Tally", """
                package demo;
                import io.meshledger.contracts.*;
                public class Tally implements Contract {
                    public byte[] invoke(ContractContext c, String method, byte[] args) {
                        byte[] key = new byte[] {1};
                        byte[] n = c.state().get(key).orElse(new byte[] {0});
                        byte[] next = new byte[] {(byte) (n[0] + 1)};
                        c.state().put(key, next);
                        c.emit("Counted", key, next);
                        return next;
                    }
                }
                """));

        Path clock = dir.resolve("clock.jar");
        Files.write(clock, ContractCompiler.jar("demo.Clock", """
                package demo;
                import io.meshledger.contracts.*;
                public class Clock implements Contract {
                    public byte[] invoke(ContractContext c, String method, byte[] args) {
                        return Long.toString(System.currentTimeMillis()).getBytes();
                    }
                }
                """));
        Cli refused = cli("contract", "propose", "--as", "org1/admin", "--name", "clock", "--jar", clock.toString());
        assertEquals(1, refused.code, refused.toString());
        assertTrue(refused.err.contains("CONTRACT_REJECTED") && refused.err.contains("java/lang/System.currentTimeMillis"),
                refused.err);

        Cli counted = cli("contract", "invoke", "--as", "org2/publisher", "--name", "tally", "--method", "count");
        assertEquals(0, counted.code, counted.toString());
        assertTrue(counted.out.contains("(hex 01)"), counted.out);

        Cli runaway = cli("contract", "invoke", "--as", "org1/publisher", "--name", "looper", "--method", "spin");
        assertEquals(1, runaway.code, runaway.toString());
        assertTrue(runaway.err.contains("OUT_OF_GAS"), runaway.err);
        Matcher m = TX.matcher(runaway.err);
        assertTrue(m.find(), runaway.err);
        Hash txId = Hash.fromHex(m.group(1));
        long height = Long.parseLong(m.group(2));

        cluster.awaitHeight(cluster.allNodes(), height + 2, Duration.ofSeconds(60));
        List<Receipt> receipts = new ArrayList<>();
        for (int node : cluster.allNodes()) {
            receipts.add(cluster.client(node).transaction(txId, false).getReceipt());
        }
        for (Receipt r : receipts) {
            assertEquals(receipts.getFirst(), r, "every node records the same out-of-gas receipt");
        }
        assertEquals("OUT_OF_GAS", receipts.getFirst().getFailureCode());
        assertEquals(10_000_000, receipts.getFirst().getGasUsed());
        for (int node : cluster.allNodes()) {
            var block = cluster.client(node).block(height, true);
            var digest = io.meshledger.core.block.LedgerDigest.decode(block.getCertificate().getDigest().toByteArray());
            var first = io.meshledger.core.block.LedgerDigest.decode(cluster.client(0).block(height, true)
                    .getCertificate().getDigest().toByteArray());
            assertEquals(first, digest, "node " + node + " certifies the same state at height " + height);
        }
    }

    /** Proposes as org1's admin and approves as org2's: a majority of the two organisations. */
    private void deploy(String name, byte[] jar) throws IOException {
        Path file = dir.resolve(name + ".jar");
        Files.write(file, jar);
        Cli proposed = cli("contract", "propose", "--as", "org1/admin", "--name", name, "--jar", file.toString());
        assertEquals(0, proposed.code, proposed.toString());
        assertTrue(proposed.out.contains("awaiting approvals"), proposed.out);
        Matcher id = PROPOSAL.matcher(proposed.out);
        assertTrue(id.find(), proposed.out);
        Cli approved = cli("contract", "approve", "--as", "org2/admin", "--proposal", id.group(1));
        assertEquals(0, approved.code, approved.toString());
        assertTrue(approved.out.contains("enacted"), approved.out);
    }

    private Cli cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--network");
        all.add(cluster.dir().toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Cli(code, out.toString(), err.toString());
    }

    private record Cli(int code, String out, String err) {
    }
}
