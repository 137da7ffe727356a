package io.meshledger.node.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * What the demo prints: numbered chapters, narration stamped with the seconds
 * since the start, the commands a user would type, and their output indented
 * beneath. Synchronised, because the live event subscriber prints from its own
 * thread between the story's lines.
 */
final class DemoConsole {
    private static final String INDENT = "      ";

    private final PrintWriter out;
    private final long startNanos = System.nanoTime();
    private int chapter;

    DemoConsole(PrintWriter out) {
        this.out = out;
    }

    synchronized void chapter(String title) {
        out.printf("%n%d. %s%n", ++chapter, title);
        out.flush();
    }

    /** A sentence of the story. */
    synchronized void say(String format, Object... args) {
        out.printf("[%5.1fs] %s%n", seconds(), String.format(format, args));
        out.flush();
    }

    /** A command as the user would type it. */
    synchronized void command(List<String> argv) {
        out.printf("[%5.1fs] $ meshledger %s%n", seconds(), String.join(" ", argv.stream().map(DemoConsole::quoted).toList()));
        out.flush();
    }

    /** What a command printed, indented beneath it. */
    synchronized void output(String output) {
        output.lines().filter(l -> !l.isBlank()).forEach(l -> out.println(INDENT + l));
        out.flush();
    }

    /** A line printed by the live subscriber, set apart from the story. */
    synchronized void event(String line) {
        out.printf("%s>> %s%n", INDENT, line);
        out.flush();
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String quoted(String arg) {
        return arg.isEmpty() || arg.chars().anyMatch(c -> " \"'{}$*?;&|<>".indexOf(c) >= 0)
                ? "'" + arg.replace("'", "'\\''") + "'" : arg;
    }
}
