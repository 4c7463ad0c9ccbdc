package org.mailserver.smtp.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects the lines of the {@code mail} log while open, for tests of what gets logged. */
final class MailLogCapture implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("mail");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    MailLogCapture() {
        appender.start();
        logger.addAppender(appender);
    }

    /** The formatted lines logged so far that contain {@code text}. */
    List<String> lines(String text) {
        synchronized (appender) { // AppenderBase.doAppend holds the same lock
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).filter(l -> l.contains(text)).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
