package io.meshledger.node.audit;

import io.meshledger.node.TestNetwork;
import io.meshledger.node.storage.ReadOnlyLedgerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Measures audit throughput on a certified ledger of publish transactions.
 * Runs only when asked: {@code -Daudit.throughput.blocks=30 -Daudit.throughput.perBlock=100}.
 */
class AuditThroughputTest {
    private static final Logger log = LoggerFactory.getLogger(AuditThroughputTest.class);

    @TempDir
    Path dir;

    @Test
    void auditsALedgerOfPublishTransactionsAndReportsItsSpeed() {
        int blocks = Integer.getInteger("audit.throughput.blocks", 0);
        int perBlock = Integer.getInteger("audit.throughput.perBlock", 100);
        assumeTrue(blocks > 0, "set -Daudit.throughput.blocks to measure");
        TestNetwork net = TestNetwork.create(dir.resolve("net"), 2, 4);
        long writeStart = System.nanoTime();
        AuditedChain chain = AuditedChain.writeBulk(net, dir.resolve("data"), blocks, perBlock);
        long writeMs = (System.nanoTime() - writeStart) / 1_000_000;
        AuditReport report;
        try (ReadOnlyLedgerStore store = ReadOnlyLedgerStore.open(dir.resolve("data"), dir.resolve("log"))) {
            report = new ChainAuditor(store, net.genesis(), dir.resolve("replay"), AuditProgress.NONE).run();
        }
        assertTrue(report.ok(), () -> "finding: " + report.finding());
        assertEquals(chain.transactions(), report.transactionsChecked());
        assertEquals(blocks + 1, report.certificatesVerified());
        String line = String.format("AUDIT THROUGHPUT: %d heights, %d transactions in %d ms = %.0f tx/s"
                        + " (writing the ledger took %d ms)", report.heightsChecked(), report.transactionsChecked(),
                report.elapsed().toMillis(), report.transactionsPerSecond(), writeMs);
        log.info(line);
        System.out.println(line);
    }
}
