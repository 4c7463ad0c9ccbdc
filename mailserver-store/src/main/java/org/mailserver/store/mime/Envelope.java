package org.mailserver.store.mime;

import java.util.List;

/**
 * The envelope of a message (RFC 3501 7.4.2 ENVELOPE): raw header values, unfolded and trimmed but
 * not decoded, as IMAP servers return them. A field the header lacks is null (an address list is
 * empty); a field present but empty is {@code ""}. Header octets that are not ASCII are read as
 * UTF-8 (RFC 6532) when they are valid UTF-8, else as ISO-8859-1.
 *
 * <p>Sender and Reply-To default to From when absent or empty (RFC 3501 7.4.2: "the server MUST
 * default"), so the constructor replaces empty ones by {@code from}.
 */
public record Envelope(String date, String subject, List<EnvelopeAddress> from, List<EnvelopeAddress> sender,
                       List<EnvelopeAddress> replyTo, List<EnvelopeAddress> to, List<EnvelopeAddress> cc,
                       List<EnvelopeAddress> bcc, String inReplyTo, String messageId) {

    /** The envelope of a message without any of these fields. */
    public static final Envelope EMPTY =
            new Envelope(null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, null);

    /**
     * Whether the header has Sender addresses of its own. When it has none (the field is absent,
     * empty, or holds no address) {@link #sender()} is {@link #from()} itself, the same list; the
     * constructor and {@link MessageStructureCodec} keep that identity.
     */
    public boolean hasSender() {
        return sender != from;
    }

    /** Whether the header has Reply-To addresses of its own (see {@link #hasSender()}). */
    public boolean hasReplyTo() {
        return replyTo != from;
    }

    public Envelope {
        from = List.copyOf(from);
        sender = sender.isEmpty() ? from : List.copyOf(sender);
        replyTo = replyTo.isEmpty() ? from : List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }
}
