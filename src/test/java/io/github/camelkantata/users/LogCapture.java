package io.github.camelkantata.users;

import java.io.StringWriter;
import java.util.List;
import java.util.UUID;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * What log4j2 writes for the component's loggers ({@code io.github.camelkantata}), and with {@link #withRoot()} for
 * every other logger too (Camel's error handler), from a level up, in a pattern, for a test to assert on. Open it in a
 * {@code @BeforeEach} or a try-with-resources block; {@link #close()} detaches it.
 */
public final class LogCapture implements AutoCloseable {

    private static final String COMPONENT = "io.github.camelkantata";

    private final StringWriter out = new StringWriter();
    private final String name = "capture-" + UUID.randomUUID();
    private final WriterAppender appender;
    private final boolean root;

    private LogCapture(Level level, String pattern, boolean root) {
        this.root = root;
        LoggerContext lc = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = lc.getConfiguration();
        appender = WriterAppender.newBuilder().setName(name).setTarget(out)
                .setLayout(PatternLayout.newBuilder().withPattern(pattern).build()).build();
        appender.start();
        cfg.addAppender(appender);
        if (root) {
            cfg.getRootLogger().addAppender(appender, level, null);
        }
        cfg.getLoggerConfig(COMPONENT).addAppender(appender, level, null);
        lc.updateLoggers();
    }

    /** The component's loggers from {@code level} up, each event as {@code pattern} (log4j2's layout). */
    public static LogCapture component(Level level, String pattern) {
        return new LogCapture(level, pattern, false);
    }

    /** As {@link #component}, and every other logger (through the root logger) too. */
    public static LogCapture withRoot(Level level, String pattern) {
        return new LogCapture(level, pattern, true);
    }

    /** @return all that was captured so far */
    public String text() {
        return out.toString();
    }

    /**
     * @return the captured lines that start with {@code prefix} (with a pattern that starts with {@code %p}: a level)
     */
    public List<String> lines(String prefix) {
        return text().lines().filter(l -> l.startsWith(prefix)).toList();
    }

    @Override
    public String toString() {
        return text();
    }

    @Override
    public void close() {
        LoggerContext lc = (LoggerContext) LogManager.getContext(false);
        if (root) {
            lc.getConfiguration().getRootLogger().removeAppender(name);
        }
        lc.getConfiguration().getLoggerConfig(COMPONENT).removeAppender(name);
        lc.updateLoggers();
        appender.stop();
    }
}
