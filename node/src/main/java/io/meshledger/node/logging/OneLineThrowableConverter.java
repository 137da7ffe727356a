package io.meshledger.node.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;

/**
 * {@code %exOneLine} in the log pattern: an event's exception on the event's
 * own line, as {@code  | IllegalStateException: message at Class.method(File.java:12)
 * <- caused by IOException: disk full}, so one event stays one line. When the
 * root logger is at DEBUG (an operator chasing a bug) the full stack trace
 * follows instead. Instantiated by Logback.
 */
public final class OneLineThrowableConverter extends ThrowableHandlingConverter {
    private static final int MAX_CAUSES = 5;

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) {
            return "";
        }
        if (fullStacks()) {
            return CoreConstants.LINE_SEPARATOR + ThrowableProxyUtil.asString(thrown);
        }
        StringBuilder line = new StringBuilder(" | ");
        describe(thrown, line);
        StackTraceElementProxy[] frames = thrown.getStackTraceElementProxyArray();
        if (frames != null && frames.length > 0) {
            line.append(" at ").append(frames[0].getStackTraceElement());
        }
        IThrowableProxy cause = thrown.getCause();
        for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause()) {
            line.append(" <- caused by ");
            describe(cause, line);
        }
        return line.toString();
    }

    private boolean fullStacks() {
        return getContext() instanceof LoggerContext context
                && !context.getLogger(Logger.ROOT_LOGGER_NAME).getEffectiveLevel().isGreaterOrEqual(Level.INFO);
    }

    private static void describe(IThrowableProxy t, StringBuilder line) {
        String name = t.getClassName();
        line.append(name.substring(name.lastIndexOf('.') + 1));
        if (t.getMessage() != null) {
            line.append(": ").append(t.getMessage().replaceAll("[\\r\\n]+", " "));
        }
    }
}
