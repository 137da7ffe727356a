package io.meshledger.node.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's own {@code logback.xml}, loaded into a fresh logger context: the
 * lines it writes carry the node's name, height and round, and stay one line
 * per event, exceptions included (unless the level is DEBUG).
 */
class LogPatternTest {
    private static final String LINE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ";

    private LoggerContext context;
    private PatternLayoutEncoder encoder;

    @BeforeEach
    void loadTheNodesConfiguration() throws JoranException {
        context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL config = NodeStatusConverter.class.getResource("/logback.xml");
        configurator.doConfigure(config);
        var appender = (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender("STDERR");
        encoder = (PatternLayoutEncoder) appender.getEncoder();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void everyLineCarriesTheNodesNameHeightAndRoundAsTheyAreWhenWritten() {
        AtomicLong height = new AtomicLong(120);
        NodeLogStatus status = new NodeLogStatus("node1");
        context.putObject(NodeLogStatus.KEY, status);
        String before = layout(event(Level.INFO, "Node node1 resumes", null));
        assertTrue(before.matches(LINE + "INFO  node1 h=- r=- \\[[^\\]]+] Node - Node node1 resumes\\R"), before);

        status.follow(height::get, () -> 345);
        height.set(121);
        String line = layout(event(Level.INFO, "View change: round 344 timed out", null));
        assertTrue(line.matches(LINE + "INFO  node1 h=121 r=345 \\[[^\\]]+] Node - View change: round 344 timed out\\R"),
                line);
    }

    @Test
    void aProcessWithoutANodeShowsADash() {
        String line = layout(event(Level.WARN, "something", null));
        assertTrue(line.matches(LINE + "WARN  - \\[[^\\]]+] Node - something\\R"), line);
    }

    @Test
    void anExceptionAndAMultiLineMessageStayOnTheEventsLine() {
        Exception e = new IllegalStateException("cannot append block 7", new IOException("disk\nfull"));
        String line = layout(event(Level.ERROR, "Committing blocks 7..7 failed;\nconsensus stops", e));
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("Committing blocks 7..7 failed; consensus stops | IllegalStateException: cannot"
                + " append block 7 at io.meshledger.node.logging.LogPatternTest."), line);
        assertTrue(line.stripTrailing().endsWith("<- caused by IOException: disk full"), line);
    }

    @Test
    void atDebugTheFullStackTraceFollows() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.DEBUG);
        String text = layout(event(Level.ERROR, "failed", new UncheckedIOException(new IOException("disk full"))));
        assertTrue(text.lines().count() > 3, text);
        assertTrue(text.contains("Caused by: java.io.IOException: disk full"), text);
        assertFalse(text.contains(" | UncheckedIOException"), text);
    }

    @Test
    void aRegisteredStatusReachesTheProcesssLoggerContextUntilItsRegistrationCloses() throws Exception {
        LoggerContext global = (LoggerContext) LoggerFactory.getILoggerFactory();
        NodeLogStatus status = new NodeLogStatus("node7");
        AutoCloseable registration = status.register();
        NodeStatusConverter converter = new NodeStatusConverter();
        converter.setContext(global);
        assertEquals("node7 h=- r=-", converter.convert(event(Level.INFO, "x", null)));
        registration.close();
        assertEquals("-", converter.convert(event(Level.INFO, "x", null)));
    }

    private String layout(ILoggingEvent event) {
        return encoder.getLayout().doLayout(event);
    }

    private LoggingEvent event(Level level, String message, Throwable thrown) {
        Logger logger = context.getLogger("io.meshledger.node.Node");
        return new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, null);
    }
}
