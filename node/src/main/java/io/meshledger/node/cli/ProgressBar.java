package io.meshledger.node.cli;

import io.meshledger.node.audit.AuditProgress;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for {@code audit} on stderr: heights done of the
 * total, transactions per second and the time left, redrawn in place at most
 * every {@link #REDRAW_NANOS}. Only for a terminal (see {@link #onTerminal});
 * a redirected stderr gets nothing.
 */
final class ProgressBar implements AuditProgress {
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final long started;
    private long lastDrawn;
    private int lastLength;

    ProgressBar(PrintWriter err, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
        this.lastDrawn = started - REDRAW_NANOS;
    }

    /**
     * Whether this process talks to a terminal. Since JDK 22 {@code System.console()}
     * is not null even when the streams are redirected; {@code Console.isTerminal()}
     * (JDK 22+, called reflectively as this code targets 21) tells the truth there.
     */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    public void heightChecked(long height, long tip, long transactions) {
        long now = nanoTime.getAsLong();
        if (now - lastDrawn < REDRAW_NANOS && height != tip) {
            return;
        }
        lastDrawn = now;
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        int filled = tip == 0 ? WIDTH : (int) (WIDTH * height / tip);
        double heightsPerSecond = height / seconds;
        long etaSeconds = heightsPerSecond <= 0 ? 0 : Math.round((tip - height) / heightsPerSecond);
        draw(String.format("[%s%s] %d/%d heights  %,.0f tx/s  ETA %s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                height, tip, transactions / seconds, clock(etaSeconds)));
    }

    @Override
    public void comparingState(String what) {
        draw("comparing " + what + " with the replay...");
    }

    /** Clears the bar so the summary starts on a clean line. */
    void clear() {
        draw("");
    }

    private void draw(String line) {
        String padding = " ".repeat(Math.max(0, lastLength - line.length()));
        err.print("\r" + line + padding + (line.isEmpty() ? "\r" : ""));
        err.flush();
        lastLength = line.length();
    }

    private static String clock(long seconds) {
        return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
