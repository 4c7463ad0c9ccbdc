package org.mailserver.imap.fetch;

import java.util.List;
import org.mailserver.imap.grammar.ImapStrings;
import org.mailserver.store.mime.Envelope;
import org.mailserver.store.mime.EnvelopeAddress;

/**
 * Writes an ENVELOPE (RFC 3501 7.4.2): {@code (date subject from sender reply-to to cc bcc
 * in-reply-to message-id)}, NIL for an absent field or an empty address list, strings quoted or,
 * when they hold CR, LF or 8-bit text, as literals ({@link ImapStrings}). The result is a Java
 * string that the response writer sends as UTF-8 (literal lengths count UTF-8 octets). Pure and
 * thread-safe.
 */
public final class EnvelopeEncoder {

    private EnvelopeEncoder() {
    }

    /** The parenthesised list, without the {@code ENVELOPE} keyword. */
    public static String encode(Envelope envelope) {
        StringBuilder out = new StringBuilder(256);
        encode(envelope, out);
        return out.toString();
    }

    /** Appends the parenthesised list to {@code out}. */
    public static void encode(Envelope e, StringBuilder out) {
        out.append('(');
        nstring(e.date(), out).append(' ');
        nstring(e.subject(), out).append(' ');
        addresses(e.from(), out).append(' ');
        addresses(e.sender(), out).append(' ');
        addresses(e.replyTo(), out).append(' ');
        addresses(e.to(), out).append(' ');
        addresses(e.cc(), out).append(' ');
        addresses(e.bcc(), out).append(' ');
        nstring(e.inReplyTo(), out).append(' ');
        nstring(e.messageId(), out).append(')');
    }

    /** RFC 3501 9: {@code env-from = "(" 1*address ")" / nil}, addresses without separators. */
    private static StringBuilder addresses(List<EnvelopeAddress> list, StringBuilder out) {
        if (list.isEmpty()) {
            return out.append("NIL");
        }
        out.append('(');
        for (EnvelopeAddress a : list) {
            out.append('(');
            nstring(a.name(), out).append(' ');
            nstring(a.adl(), out).append(' ');
            nstring(a.mailbox(), out).append(' ');
            nstring(a.host(), out).append(')');
        }
        return out.append(')');
    }

    /** {@link ImapStrings#nstring}, without NULs (no IMAP string may hold one, RFC 3501 9 CHAR8). */
    static StringBuilder nstring(String value, StringBuilder out) {
        return out.append(ImapStrings.nstring(value == null || value.indexOf('\0') < 0 ? value : value.replace("\0", "")));
    }
}
