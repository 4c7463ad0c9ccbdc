package org.mailserver.daemon.outage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/** Every log event of the process (logback's root logger) while open, for assertions on what an operator sees. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final ConcurrentLinkedQueue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    LogCapture() {
        setName("outage-capture");
        setContext(root.getLoggerContext());
        start();
        root.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent e) {
        e.prepareForDeferredProcessing();
        events.add(e);
    }

    /** Events at {@code min} or above between {@code from} and {@code to} (ms) whose message contains {@code text}. */
    List<ILoggingEvent> events(long from, long to, Level min, String text) {
        return events.stream().filter(e -> e.getTimeStamp() >= from && e.getTimeStamp() <= to)
                .filter(e -> e.getLevel().isGreaterOrEqual(min) && e.getFormattedMessage().contains(text)).toList();
    }

    /** Events at WARN or above with a stack trace between {@code from} and {@code to}. */
    List<ILoggingEvent> stackTraces(long from, long to) {
        return events.stream().filter(e -> e.getTimeStamp() >= from && e.getTimeStamp() <= to)
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && e.getThrowableProxy() != null).toList();
    }

    static String show(List<ILoggingEvent> events) {
        StringBuilder b = new StringBuilder();
        events.stream().limit(30).forEach(e -> b.append('\n').append(e.getLevel()).append(' ')
                .append(e.getLoggerName()).append(": ").append(e.getFormattedMessage()));
        return b.toString();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
