package io.meshledger.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a process has used, from {@code /proc/<pid>/stat} (Linux). */
final class NodeCpu {
    /** Clock ticks per second of {@code utime}/{@code stime}; 100 on Linux x86-64 and arm64. */
    private static final long TICKS_PER_SECOND = 100;

    private NodeCpu() {
    }

    /** User plus system CPU milliseconds of {@code pid}, or -1 when not readable. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            return (utime + stime) * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
