package org.mailserver.imap.search;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.mailserver.store.mime.Envelope;
import org.mailserver.store.mime.EnvelopeAddress;

/**
 * The header fields SEARCH can match from a message's cached envelope instead of its file: Subject,
 * From, To, Cc, Bcc, Date, Message-ID, In-Reply-To, Sender and Reply-To (RFC 3501 7.4.2), as the
 * text the header keys match, RFC 2047 encoded words decoded as {@link MessageText} decodes them.
 *
 * <p>Unstructured fields (Subject, Date, Message-ID, In-Reply-To) are the value as written,
 * unfolded and trimmed, the same text the file gives. Address fields are written back from their
 * parsed addresses, as Dovecot matches address headers (its {@code SEARCH_HEADER_ADDRESS}):
 * {@code Name <local@domain>} joined by {@code ", "}, groups as {@code Group: a@b, c@d;}, a name
 * quoted only when RFC 5322 needs it (its specials outside encoded words). So FROM finds the
 * display name, the address and both together ({@code "Alice <alice@"}); what the written-back form
 * loses against the raw field is listed in {@code docs/imap.md} (SEARCH): comments beside a
 * display name, quotes a name did not need, runs of white space, and every occurrence of a field
 * but the first.
 *
 * <p>Stateless; the caller checks {@link org.mailserver.store.mime.MessageStructure#envelopeIsWhole()}
 * first, since a cut value would miss what lies past the cut.
 */
final class EnvelopeFields {

    /** The fields an envelope holds. */
    enum Field { DATE, SUBJECT, FROM, SENDER, REPLY_TO, TO, CC, BCC, IN_REPLY_TO, MESSAGE_ID }

    private static final Map<String, Field> NAMES = Map.of("date", Field.DATE, "subject", Field.SUBJECT,
            "from", Field.FROM, "sender", Field.SENDER, "reply-to", Field.REPLY_TO, "to", Field.TO, "cc", Field.CC,
            "bcc", Field.BCC, "in-reply-to", Field.IN_REPLY_TO, "message-id", Field.MESSAGE_ID);
    /** RFC 2047 2: an encoded word; its {@code ?}, {@code =} and {@code .} are no reason to quote. */
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?[^?\\s]+\\?[bBqQ]\\?[^?\\s]*\\?=");
    /** RFC 5322 3.2.3 specials: a phrase holding one of these must be a quoted string. */
    private static final String SPECIALS = "()<>[]:;@\\,.\"";

    private EnvelopeFields() {
    }

    /** The envelope field of a header field name (any case), or null when the envelope lacks it. */
    static Field of(String name) {
        return NAMES.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The field's text as SEARCH matches it, decoded; null when the envelope has none: the field is
     * absent, or for an address field, it holds no address (see {@link #absenceIsCertain}).
     */
    static String text(Envelope e, Field field) {
        return switch (field) {
            case DATE -> string(e.date());
            case SUBJECT -> string(e.subject());
            case IN_REPLY_TO -> string(e.inReplyTo());
            case MESSAGE_ID -> string(e.messageId());
            case FROM -> addresses(e.from());
            case SENDER -> e.hasSender() ? addresses(e.sender()) : null;
            case REPLY_TO -> e.hasReplyTo() ? addresses(e.replyTo()) : null;
            case TO -> addresses(e.to());
            case CC -> addresses(e.cc());
            case BCC -> addresses(e.bcc());
        };
    }

    /**
     * Whether a null {@link #text} means the field is absent. For unstructured fields it does (the
     * envelope keeps an empty field as {@code ""}); for address fields it may also be a field
     * without addresses ({@code Cc:} with nothing after it), which {@code HEADER Cc ""} must still
     * find, so only the file can tell.
     */
    static boolean absenceIsCertain(Field field) {
        return field == Field.DATE || field == Field.SUBJECT || field == Field.IN_REPLY_TO
                || field == Field.MESSAGE_ID;
    }

    private static String string(String raw) {
        return raw == null ? null : EncodedWords.decode(raw.strip());
    }

    /** The addresses written back, then decoded; null for none. */
    static String addresses(List<EnvelopeAddress> list) {
        if (list.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        boolean groupOpened = false;
        for (EnvelopeAddress a : list) {
            if (a.isGroupEnd()) {
                out.append(';');
                groupOpened = false;
                continue;
            }
            if (groupOpened) {
                out.append(' ');
            } else if (!out.isEmpty()) {
                out.append(", ");
            }
            groupOpened = false;
            if (a.isGroupStart()) {
                out.append(phrase(a.mailbox())).append(':');
                groupOpened = true;
            } else {
                address(out, a);
            }
        }
        return EncodedWords.decode(out.toString());
    }

    private static void address(StringBuilder out, EnvelopeAddress a) {
        String spec = localPart(a.mailbox()) + (a.host().isEmpty() ? "" : "@" + a.host());
        boolean route = a.adl() != null && !a.adl().isEmpty();
        if (a.name() == null) {
            out.append(route ? "<" + a.adl() + ":" + spec + ">" : spec);
            return;
        }
        out.append(phrase(a.name()));
        if (!spec.isEmpty() || route) {
            out.append(" <");
            if (route) {
                out.append(a.adl()).append(':');
            }
            out.append(spec).append('>');
        }
    }

    /** A display name as a mailer writes it: quoted only if it holds specials outside encoded words. */
    private static String phrase(String name) {
        return needsQuotes(ENCODED_WORD.matcher(name).replaceAll("")) ? quote(name) : name;
    }

    private static String localPart(String mailbox) {
        for (int i = 0; i < mailbox.length(); i++) {
            char c = mailbox.charAt(i);
            if (c == ' ' || c == '\t' || c == '"' || c == '\\' || c == ',' || c == '(' || c == ')' || c == '<'
                    || c == '>' || c == '@' || c == ':' || c == ';' || c == '[' || c == ']') {
                return quote(mailbox); // RFC 5322 3.4.1: a local part that is no dot-atom is quoted
            }
        }
        return mailbox;
    }

    private static boolean needsQuotes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (SPECIALS.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
