package io.meshledger.node.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table {@code meshledger status} prints: one row per node, a node that
 * does not answer shown as {@code down} with the reason, a diverged one as
 * {@code DIVERGED} with its height. Columns are as wide as their widest cell.
 */
final class StatusTable {
    private static final List<String> HEADERS = List.of("NODE", "STATE", "HEIGHT", "CERTIFIED", "ROUND", "LEADER",
            "PEERS", "MEMPOOL", "VIEW_CHANGES", "UPTIME", "VERSION", "STATE_ROOT");
    /** Right-aligned columns (numbers). */
    private static final List<String> NUMERIC = List.of("HEIGHT", "CERTIFIED", "ROUND", "MEMPOOL", "VIEW_CHANGES");

    /** What one node answered. */
    record Up(String node, long height, long certifiedHeight, long round, String leader, int peers, int otherNodes,
              int mempool, long viewChanges, long uptimeSeconds, String version, String stateRootHex,
              boolean certifying, long divergedAt) {
    }

    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void up(Up s) {
        rows.add(List.of(s.node(), s.certifying() ? "up" : "DIVERGED", Long.toString(s.height()),
                Long.toString(s.certifiedHeight()), Long.toString(s.round()), s.leader(),
                s.peers() + "/" + s.otherNodes(), Integer.toString(s.mempool()), Long.toString(s.viewChanges()),
                uptime(s.uptimeSeconds()), s.version(),
                s.stateRootHex().isEmpty() ? "-" : s.stateRootHex().substring(0, Math.min(16, s.stateRootHex().length()))));
        if (!s.certifying()) {
            notes.add(s.node() + ": DIVERGED at height " + s.divergedAt()
                    + ": its state differs from the quorum's; it no longer certifies (audit its data directory)");
        }
    }

    void down(String node, String reason) {
        List<String> row = new ArrayList<>(List.of(node, "down"));
        while (row.size() < HEADERS.size() - 1) {
            row.add("-");
        }
        row.add("(" + reason + ")");
        rows.add(row);
    }

    String render() {
        // The last column (state root, or why a node is down) is not padded.
        int[] widths = new int[HEADERS.size()];
        for (int c = 0; c < widths.length - 1; c++) {
            widths[c] = HEADERS.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, HEADERS, widths);
        rows.forEach(r -> line(out, r, widths));
        notes.forEach(n -> out.append(n).append('\n'));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            boolean last = c == cells.size() - 1;
            if (last) {
                line.append(cell);
            } else if (NUMERIC.contains(HEADERS.get(c))) {
                line.append(" ".repeat(widths[c] - cell.length())).append(cell).append("  ");
            } else {
                line.append(cell).append(" ".repeat(widths[c] - cell.length())).append("  ");
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** {@code 45s}, {@code 12m05s}, {@code 3h02m}, {@code 2d04h}. */
    static String uptime(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3_600, seconds % 3_600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3_600);
    }
}
