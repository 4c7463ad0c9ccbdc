package org.mailserver.imap.server;

import java.util.List;
import org.mailserver.imap.grammar.Segment;

/**
 * One command as framed by {@link ImapDecoder}: its text lines and the literals between them (see
 * {@link Segment}), ready for {@link org.mailserver.imap.grammar.ImapParser}. A line that is not a
 * command (the {@code DONE} that ends IDLE, a SASL response, {@code *}) is a frame of one
 * {@link Segment.Text}; the session knows which it expects.
 *
 * <p>A {@link Segment.Message} in it is a spooled APPEND message, already finished: whoever drops the
 * frame without running the command discards it.
 */
public record ImapFrame(List<Segment> segments) {
    public ImapFrame {
        segments = List.copyOf(segments);
    }
}
