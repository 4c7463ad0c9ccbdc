package org.mailserver.imap.grammar;

import java.nio.charset.StandardCharsets;

/**
 * Encodes strings for responses (RFC 3501 4.3 and 9: {@code quoted}, {@code literal}, {@code astring},
 * {@code nstring}). Pure; thread-safe.
 *
 * <p>A literal is returned as {@code {n}CRLF} followed by the value, n being the value's length in
 * UTF-8 octets: the response writer must encode the whole line as UTF-8. The server never sends the
 * non-synchronising form {@code {n+}} (RFC 7888 3).
 */
public final class ImapStrings {

    private ImapStrings() {
    }

    /**
     * The value as a quoted string, with {@code \} and {@code "} escaped (RFC 3501 9 {@code quoted}), or
     * null when it cannot be quoted: CR, LF and NUL are not {@code TEXT-CHAR}s, and 8-bit text needs a
     * literal unless UTF8=ACCEPT is enabled (RFC 6855 3).
     */
    public static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0x7f) {
                return null;
            }
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /** The value as a literal: {@code {n}CRLF} and the value, n counted in UTF-8 octets. */
    public static String literal(String value) {
        return "{" + value.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + value;
    }

    /** A {@code string}: quoted when possible, else a literal. */
    public static String string(String value) {
        String q = quoted(value);
        return q != null ? q : literal(value);
    }

    /** An {@code nstring}: {@code NIL} for null, else {@link #string}. */
    public static String nstring(String value) {
        return value == null ? "NIL" : string(value);
    }

    /**
     * An {@code astring}: the bare atom when every character is an {@code ASTRING-CHAR} (and it is not
     * {@code NIL}, which a client could read as nil), else {@link #string}.
     */
    public static String astring(String value) {
        if (value.isEmpty() || value.equalsIgnoreCase("NIL")) {
            return string(value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x7f || !ImapReader.isAstringChar(c)) {
                return string(value);
            }
        }
        return value;
    }
}
