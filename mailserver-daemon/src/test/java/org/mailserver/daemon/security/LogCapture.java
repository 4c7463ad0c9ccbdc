package org.mailserver.daemon.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log event of the process while open, as formatted (the text a log line is made of). */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> messages = new ArrayList<>();

    LogCapture() {
        setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        start();
        root().addAppender(this);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Override
    protected synchronized void append(ILoggingEvent e) {
        messages.add(e.getLoggerName() + ": " + e.getFormattedMessage());
    }

    synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    /**
     * Messages holding a character that some reader takes as a line end or control: C0 and C1
     * controls (CR, LF, NEL U+0085, ...) and the Unicode line and paragraph separators.
     */
    List<String> withLineBreakers() {
        List<String> out = new ArrayList<>();
        for (String m : messages()) {
            for (int i = 0; i < m.length(); i++) {
                char c = m.charAt(i);
                if (c != '\t' && Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                    out.add(m);
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }
}
