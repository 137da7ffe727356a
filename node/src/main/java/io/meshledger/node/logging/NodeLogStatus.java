package io.meshledger.node.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * What every log line of a running node says about where it is: its name,
 * the committed height and the consensus round, as {@code node1 h=120 r=345}.
 * The node registers one in Logback's {@link LoggerContext} (one node per
 * process, as {@code node start} runs it; a second node in the same JVM, as in
 * some tests, logs with the first one's status), and {@link NodeStatusConverter}
 * renders it. Height and round are read when a line is written (volatile
 * reads); until the node has wired its stages they show as {@code -}.
 */
public final class NodeLogStatus {
    /** The key under which the status sits in the logger context. */
    static final String KEY = "meshledger.nodeLogStatus";

    private final String node;
    private volatile LongSupplier height;
    private volatile LongSupplier round;

    public NodeLogStatus(String node) {
        this.node = node;
    }

    /** From now on, lines carry these numbers; a null source shows as {@code -}. */
    public void follow(LongSupplier heightSource, LongSupplier roundSource) {
        this.height = heightSource;
        this.round = roundSource;
    }

    /**
     * Makes this the status every log line carries, when Logback is the
     * logging backend (otherwise lines stay as they are). Closing the returned
     * handle removes it, unless another status replaced it meanwhile.
     */
    public AutoCloseable register() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return () -> {
            };
        }
        context.putObject(KEY, this);
        return () -> {
            if (context.getObject(KEY) == this) {
                context.removeObject(KEY);
            }
        };
    }

    /** {@code node1 h=120 r=345}. */
    String render() {
        return node + " h=" + read(height) + " r=" + read(round);
    }

    private static String read(LongSupplier source) {
        return source == null ? "-" : Long.toString(source.getAsLong());
    }
}
