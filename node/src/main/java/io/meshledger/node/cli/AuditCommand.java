package io.meshledger.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshledger.core.genesis.Genesis;
import io.meshledger.core.genesis.GenesisCodec;
import io.meshledger.core.genesis.GenesisException;
import io.meshledger.node.audit.AuditProgress;
import io.meshledger.node.audit.AuditReport;
import io.meshledger.node.audit.ChainAuditor;
import io.meshledger.node.audit.Finding;
import io.meshledger.node.audit.HeightRange;
import io.meshledger.node.storage.ReadOnlyLedgerStore;
import io.meshledger.node.storage.StoreUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code meshledger audit}: verifies a stopped node's whole ledger offline
 * against the genesis file. Exit 0 and {@code AUDIT OK}; exit 1 and
 * {@code AUDIT FAILED at height N: reason}; exit 2 when it cannot audit at all
 * (not a data directory, a running node holds it, an unreadable genesis).
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Verify a stopped node's whole ledger offline: hash links, transaction roots, every ledger"
                + " certificate, and re-execution of every block from genesis to the same state roots, receipts"
                + " and state.",
                "Exits 0 (AUDIT OK), 1 (AUDIT FAILED at the first bad height) or 2 (cannot audit)."})
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "The node's data directory (D/nodes/<node>/data).")
    Path data;

    @Option(names = "--genesis", required = true, description = "The network's genesis.json.")
    Path genesisFile;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--scratch", description = "Where to replay the chain (a temporary directory inside it is"
            + " deleted afterwards; default: the system temporary directory).")
    Path scratch;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        Genesis genesis;
        try {
            genesis = GenesisCodec.load(genesisFile);
        } catch (GenesisException e) {
            throw new UsageException(e.getMessage());
        }
        if (!verbose) {
            // The replay store's open and close are node log lines, noise beside the summary.
            quiet("io.meshledger.node.storage");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path work = scratch == null ? Files.createTempDirectory("meshledger-audit-")
                : Files.createTempDirectory(Files.createDirectories(scratch), "meshledger-audit-");
        AuditReport report;
        ProgressBar bar = !json && ProgressBar.onTerminal() ? new ProgressBar(err, System::nanoTime) : null;
        try (ReadOnlyLedgerStore store = open(work)) {
            report = new ChainAuditor(store, genesis, work.resolve("replay"), bar == null ? AuditProgress.NONE : bar)
                    .run();
        } finally {
            if (bar != null) {
                bar.clear();
            }
            deleteRecursively(work);
        }
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(toJson(report)));
        } else {
            printSummary(out, report);
        }
        report.finding().ifPresent(f -> err.println(verdict(report)));
        return report.ok() ? 0 : 1;
    }

    private static void quiet(String loggerName) {
        if (org.slf4j.LoggerFactory.getLogger(loggerName) instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private ReadOnlyLedgerStore open(Path work) {
        try {
            return ReadOnlyLedgerStore.open(data, work.resolve("rocksdb-log"));
        } catch (StoreUnavailableException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private void printSummary(PrintWriter out, AuditReport r) {
        out.printf("Audited %s (tip height %d)%n", data, r.tip());
        out.printf("  heights checked:        %d of %d%n", r.heightsChecked(), r.tip());
        out.printf("  transactions checked:   %d%n", r.transactionsChecked());
        out.printf("  certificates verified:  %d%n", r.certificatesVerified());
        out.printf("  uncertified heights:    %s%n", r.uncertifiedCount() == 0 ? "none"
                : r.uncertifiedCount() + " (" + ranges(r) + ")");
        out.printf(Locale.ROOT, "  elapsed:                %.1f s (%.0f tx/s)%n", r.elapsed().toMillis() / 1000.0,
                r.transactionsPerSecond());
        out.println(verdict(r));
    }

    private static String verdict(AuditReport r) {
        if (r.finding().isEmpty()) {
            return "AUDIT OK";
        }
        Finding f = r.finding().get();
        return f.hasHeight() ? "AUDIT FAILED at height " + f.height() + ": " + f.detail() : "AUDIT FAILED: "
                + f.detail();
    }

    private static String ranges(AuditReport r) {
        return r.uncertified().stream().map(HeightRange::toString).collect(Collectors.joining(", "));
    }

    private ObjectNode toJson(AuditReport r) {
        ObjectNode o = new ObjectMapper().createObjectNode()
                .put("ok", r.ok())
                .put("data", data.toString())
                .put("tip", r.tip())
                .put("heights_checked", r.heightsChecked())
                .put("transactions_checked", r.transactionsChecked())
                .put("certificates_verified", r.certificatesVerified())
                .put("uncertified_count", r.uncertifiedCount())
                .put("elapsed_ms", r.elapsed().toMillis())
                .put("tx_per_second", Math.round(r.transactionsPerSecond()));
        var ranges = o.putArray("uncertified_heights");
        r.uncertified().forEach(range -> ranges.add(range.toString()));
        if (r.finding().isPresent()) {
            Finding f = r.finding().get();
            o.putObject("finding").put("height", f.height()).put("kind", f.kind().name()).put("detail", f.detail());
        } else {
            o.putNull("finding");
        }
        return o;
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
