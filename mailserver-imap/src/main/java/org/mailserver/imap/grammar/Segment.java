package org.mailserver.imap.grammar;

import org.mailserver.core.delivery.MessageSource;

/**
 * A piece of one command as framed by the decoder: the command's text lines and, between them, the
 * literals they announce. A {@link Text} ending in {@code {n}} or {@code {n+}} is followed by exactly
 * one {@link Literal} or {@link Message} of n octets, then by the next {@link Text} (the rest of the
 * command line, possibly empty).
 */
public sealed interface Segment {

    /** A line of the command without its CRLF (ISO-8859-1 to String is exact: one char per octet). */
    record Text(byte[] bytes) implements Segment {
    }

    /** A literal held in memory (every literal but an APPEND message, with a size limit). */
    record Literal(byte[] bytes) implements Segment {
    }

    /**
     * An APPEND message literal, spooled (to disk past a threshold) by the decoder. Whoever ends up
     * holding it discards it (see {@link org.mailserver.core.delivery.SpooledMessage#discard}).
     */
    record Message(MessageSource message) implements Segment {
    }
}
