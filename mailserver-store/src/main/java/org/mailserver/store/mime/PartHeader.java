package org.mailserver.store.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;

/**
 * The fields of one header that the structure needs, collected line by line as the parser reads
 * them: the Content-* fields, and for a message's own header the envelope fields. The first
 * occurrence of a field counts. Values are unfolded (RFC 5322 2.2.3: CRLF before WSP removed),
 * kept one char per octet and cut at {@link #MAX_VALUE} chars, so a header line of any length
 * takes bounded memory. Other fields are skipped without being stored.
 *
 * <p>Content-Type and Content-Disposition go through Mime4j's {@link RawFieldParser} (quoted
 * strings, comments), then {@link ParameterDecoder} (RFC 2231); addresses through
 * {@link AddressParser}.
 */
final class PartHeader {

    /** Longest value kept of one field, in octets. */
    static final int MAX_VALUE = 32 * 1024;
    /** Field names are looked for this far into a line; the longest we want is 25 octets. */
    private static final int MAX_NAME = 40;

    enum Field {
        CONTENT_TYPE, CONTENT_TRANSFER_ENCODING, CONTENT_ID, CONTENT_DESCRIPTION, CONTENT_DISPOSITION,
        CONTENT_LANGUAGE, CONTENT_LOCATION, CONTENT_MD5,
        DATE, SUBJECT, FROM, SENDER, REPLY_TO, TO, CC, BCC, IN_REPLY_TO, MESSAGE_ID;

        boolean envelopeOnly() {
            return ordinal() >= DATE.ordinal();
        }
    }

    private static final Map<String, Field> NAMES = Map.ofEntries(
            Map.entry("content-type", Field.CONTENT_TYPE),
            Map.entry("content-transfer-encoding", Field.CONTENT_TRANSFER_ENCODING),
            Map.entry("content-id", Field.CONTENT_ID),
            Map.entry("content-description", Field.CONTENT_DESCRIPTION),
            Map.entry("content-disposition", Field.CONTENT_DISPOSITION),
            Map.entry("content-language", Field.CONTENT_LANGUAGE),
            Map.entry("content-location", Field.CONTENT_LOCATION),
            Map.entry("content-md5", Field.CONTENT_MD5),
            Map.entry("date", Field.DATE),
            Map.entry("subject", Field.SUBJECT),
            Map.entry("from", Field.FROM),
            Map.entry("sender", Field.SENDER),
            Map.entry("reply-to", Field.REPLY_TO),
            Map.entry("to", Field.TO),
            Map.entry("cc", Field.CC),
            Map.entry("bcc", Field.BCC),
            Map.entry("in-reply-to", Field.IN_REPLY_TO),
            Map.entry("message-id", Field.MESSAGE_ID));

    private final boolean envelope;
    private final StringBuilder[] values = new StringBuilder[Field.values().length];
    private StringBuilder current;

    /** @param envelope whether this is a message's header (collect the envelope fields too) */
    PartHeader(boolean envelope) {
        this.envelope = envelope;
    }

    /** One header line (its first {@code length} octets, without line end). */
    void line(byte[] head, int length) {
        if (length > 0 && (head[0] == ' ' || head[0] == '\t')) {
            if (current != null) {
                append(head, 0, length); // RFC 5322 2.2.3 unfolding: the WSP stays
            }
            return;
        }
        current = null;
        int colon = -1;
        for (int i = 0; i < Math.min(length, MAX_NAME); i++) {
            if (head[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            return;
        }
        int nameEnd = colon;
        while (nameEnd > 0 && (head[nameEnd - 1] == ' ' || head[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        Field field = NAMES.get(new String(head, 0, nameEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
        if (field == null || (field.envelopeOnly() && !envelope) || values[field.ordinal()] != null) {
            return;
        }
        current = new StringBuilder();
        values[field.ordinal()] = current;
        append(head, colon + 1, length);
    }

    private void append(byte[] head, int from, int to) {
        int n = Math.min(to - from, MAX_VALUE - current.length());
        for (int i = 0; i < n; i++) {
            current.append((char) (head[from + i] & 0xff));
        }
    }

    /** The raw value (one char per octet), trimmed; null if the field is absent. */
    String raw(Field field) {
        StringBuilder b = values[field.ordinal()];
        return b == null ? null : HeaderText.trim(b.toString());
    }

    /** Fills the builder's content fields. {@code digest}: inside multipart/digest (default message/rfc822). */
    void applyContent(PartBuilder part, boolean digest) {
        RawBody type = parse(raw(Field.CONTENT_TYPE));
        String[] mime = type == null ? null : mediaType(type.getValue());
        if (mime == null) { // RFC 2045 5.2: absent or invalid means text/plain; charset=us-ascii
            part.type = digest ? "message" : "text";
            part.subtype = digest ? "rfc822" : "plain";
            part.parameters = List.of();
        } else {
            part.type = mime[0];
            part.subtype = mime[1];
            part.parameters = ParameterDecoder.decode(type.getParams());
            for (NameValuePair p : type.getParams()) {
                if ("boundary".equalsIgnoreCase(HeaderText.trim(p.getName())) && p.getValue() != null) {
                    part.boundary = p.getValue().getBytes(StandardCharsets.ISO_8859_1); // the octets as written
                    break;
                }
            }
        }
        RawBody encoding = parse(raw(Field.CONTENT_TRANSFER_ENCODING));
        part.encoding = encoding == null ? null : token(encoding.getValue());
        part.id = HeaderText.optional(raw(Field.CONTENT_ID));
        part.description = HeaderText.optional(raw(Field.CONTENT_DESCRIPTION));
        part.md5 = HeaderText.optional(raw(Field.CONTENT_MD5));
        part.location = HeaderText.optional(raw(Field.CONTENT_LOCATION));
        part.languages = languages(raw(Field.CONTENT_LANGUAGE));
        RawBody disposition = parse(raw(Field.CONTENT_DISPOSITION));
        String dispositionType = disposition == null ? null : token(disposition.getValue());
        part.disposition = dispositionType == null ? null
                : new ContentDisposition(dispositionType, ParameterDecoder.decode(disposition.getParams()));
    }

    /** The envelope of a message's header (RFC 3501 7.4.2). */
    Envelope envelope() {
        return new Envelope(string(Field.DATE), string(Field.SUBJECT), addresses(Field.FROM), addresses(Field.SENDER),
                addresses(Field.REPLY_TO), addresses(Field.TO), addresses(Field.CC), addresses(Field.BCC),
                string(Field.IN_REPLY_TO), string(Field.MESSAGE_ID));
    }

    private String string(Field field) {
        return HeaderText.utf8IfValid(raw(field));
    }

    private List<EnvelopeAddress> addresses(Field field) {
        return AddressParser.parse(HeaderText.utf8IfValid(raw(field)));
    }

    private static RawBody parse(String raw) {
        if (raw == null) {
            return null;
        }
        byte[] octets = raw.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayBuffer buffer = new ByteArrayBuffer(octets, octets.length, true);
        return RawFieldParser.DEFAULT.parseRawBody(buffer, new ParserCursor(0, octets.length));
    }

    /** {@code type/subtype} in lower case, or null when it is not two RFC 2045 tokens. */
    private static String[] mediaType(String value) {
        if (value == null) {
            return null;
        }
        String v = value.replaceAll("[ \t\r\n]", "");
        int slash = v.indexOf('/');
        if (slash <= 0 || slash == v.length() - 1) {
            return null;
        }
        String type = token(v.substring(0, slash));
        String subtype = token(v.substring(slash + 1));
        return type == null || subtype == null ? null : new String[] {type, subtype};
    }

    /** The value as a lower-case RFC 2045 token (interned), or null when it is not one. */
    private static String token(String value) {
        String v = HeaderText.trim(value);
        if (v == null || v.isEmpty()) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) {
                return null;
            }
        }
        return HeaderText.token(v.toLowerCase(Locale.ROOT));
    }

    /** RFC 3282 Language-List: tags separated by commas, comments dropped. */
    private static List<String> languages(String raw) {
        if (raw == null) {
            return List.of();
        }
        String v = raw.replaceAll("\\([^)]*\\)", " ");
        List<String> tags = new ArrayList<>();
        for (String tag : v.split(",")) {
            String t = HeaderText.trim(tag);
            if (!t.isEmpty()) {
                tags.add(HeaderText.token(HeaderText.utf8IfValid(t)));
            }
        }
        return List.copyOf(tags);
    }
}
