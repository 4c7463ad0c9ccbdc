package org.mailserver.store.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Header octets as text. Header fields are collected one octet per char (ISO-8859-1, which keeps
 * every octet); values that hold octets above 127 are then read as UTF-8 when they are valid UTF-8
 * (RFC 6532 headers), else left as ISO-8859-1. Short tokens that recur in every message (types,
 * encodings, parameter names, charsets) are interned so that cached structures share them.
 */
final class HeaderText {

    private static final int MAX_INTERNED = 40;

    private HeaderText() {
    }

    /** The value with any valid UTF-8 sequences read as UTF-8; an ASCII value is returned as it is. */
    static String utf8IfValid(String latin1) {
        if (latin1 == null) {
            return null;
        }
        int i = 0;
        while (i < latin1.length() && latin1.charAt(i) < 0x80) {
            i++;
        }
        if (i == latin1.length()) {
            return latin1;
        }
        return utf8IfValid(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The octets as UTF-8 when they are valid UTF-8, else as ISO-8859-1. */
    static String utf8IfValid(byte[] octets) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets)).toString();
        } catch (CharacterCodingException e) {
            return new String(octets, StandardCharsets.ISO_8859_1);
        }
    }

    /** Trims spaces, tabs, CR and LF at both ends; null stays null. */
    static String trim(String s) {
        if (s == null) {
            return null;
        }
        int start = 0;
        int end = s.length();
        while (start < end && isWhite(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhite(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** The value trimmed, UTF-8 read, and null when empty. */
    static String optional(String latin1) {
        String s = trim(latin1);
        return s == null || s.isEmpty() ? null : utf8IfValid(s);
    }

    static boolean isWhite(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** The canonical instance of a short token, so that thousands of cached parts share one. */
    static String token(String s) {
        return s == null || s.length() > MAX_INTERNED ? s : s.intern();
    }
}
