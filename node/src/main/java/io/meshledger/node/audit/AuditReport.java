package io.meshledger.node.audit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an audit checked and what it found.
 *
 * @param tip                   the height the store records as its tip
 * @param heightsChecked        heights, from 1 up, that passed the per-height checks (the state comparison that
 *                              follows them can still find one of them bad)
 * @param transactionsChecked   transactions in those heights
 * @param certificatesVerified  ledger certificates that passed every check
 * @param uncertified           checked heights with no stored certificate (a warning: the newest may not have one yet)
 * @param finding               the first (lowest) bad height found, if any
 * @param elapsed               wall-clock time the audit took
 */
public record AuditReport(long tip, long heightsChecked, long transactionsChecked, long certificatesVerified,
                          List<HeightRange> uncertified, Optional<Finding> finding, Duration elapsed) {
    public AuditReport {
        uncertified = List.copyOf(uncertified);
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public boolean ok() {
        return finding.isEmpty();
    }

    public long uncertifiedCount() {
        return uncertified.stream().mapToLong(HeightRange::count).sum();
    }

    /** Transactions checked per second of wall-clock time. */
    public double transactionsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : transactionsChecked / seconds;
    }
}
