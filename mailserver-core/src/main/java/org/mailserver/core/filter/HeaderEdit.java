package org.mailserver.core.filter;

import java.nio.charset.StandardCharsets;

/**
 * One change a filter asks for in the message's own header section (not a MIME part's): applied at
 * delivery by {@link EditedMessage}, streaming, to every top-level field whose octets are {@link #field}.
 *
 * <p>A field is named by its content, not its position: the same field text always gets the same
 * verdict from a filter, so "every field that reads so" is what a filter decides, and no count of
 * fields can get out of step between the filter's parser (Mime4j) and the editor.
 *
 * @param kind what to do
 * @param field the field as received, its octets without the CR and LF of its folding, one
 *              ISO-8859-1 character per octet (see {@link #key}); at most {@link #FIELD_LIMIT} octets
 * @param text the new line for {@link Kind#REPLACE} and {@link Kind#PREPEND} (no CR or LF), else null
 */
public record HeaderEdit(Kind kind, String field, String text) {
    /** Fields longer than this (raw octets with folding) are not edited. */
    public static final int FIELD_LIMIT = 64 * 1024;

    public enum Kind {
        /** Remove the field, its continuation lines too (header_checks IGNORE, RFC 8601 5). */
        DELETE,
        /** Put {@link #text} in the field's place (REPLACE). */
        REPLACE,
        /** Insert {@link #text} as a line before the field (PREPEND). */
        PREPEND
    }

    public HeaderEdit {
        if (field.length() > FIELD_LIMIT) {
            throw new IllegalArgumentException("field too long to edit: " + field.length());
        }
        if ((kind == Kind.DELETE) != (text == null)) {
            throw new IllegalArgumentException(kind + (text == null ? " needs a text" : " takes no text"));
        }
        if (text != null && (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("a header line must not contain CR or LF: " + text);
        }
    }

    /**
     * The key of a field as a parser gives it (its octets with folding, without the line end that
     * ends it), or null when the editor could not hold it: {@link EditedMessage} reads a field with
     * its line end, at most {@link #FIELD_LIMIT} octets, so 2 octets are kept for a CRLF. A filter that
     * gets a key here asks for an edit the editor can always make.
     */
    public static String keyOfParsedField(byte[] raw) {
        return raw.length + 2 > FIELD_LIMIT ? null : key(raw, raw.length);
    }

    /** The key of the raw field {@code raw[0..len)}: its octets without CR and LF, as ISO-8859-1; null past the limit. */
    public static String key(byte[] raw, int len) {
        if (len > FIELD_LIMIT) {
            return null;
        }
        byte[] b = new byte[len];
        int n = 0;
        for (int i = 0; i < len; i++) {
            if (raw[i] != '\r' && raw[i] != '\n') {
                b[n++] = raw[i];
            }
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }
}
