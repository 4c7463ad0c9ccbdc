package org.mailserver.daemon.durability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte-level helpers for messages: header end, a header's value, dot-stuffing, suffix checks. */
final class Bytes {

    private Bytes() {
    }

    /** The offset just after the header's empty line (CRLF CRLF), or the length if there is none. */
    static int headerEnd(byte[] m) {
        for (int i = 0; i + 3 < m.length; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') {
                return i + 4;
            }
        }
        return m.length;
    }

    /** The first value of header {@code name} (unfolded, trimmed), or null. */
    static String header(byte[] m, String name) {
        String head = new String(m, 0, headerEnd(m), StandardCharsets.ISO_8859_1);
        String prefix = name.toLowerCase(java.util.Locale.ROOT) + ":";
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        return null;
    }

    static boolean endsWith(byte[] whole, byte[] suffix) {
        return whole.length >= suffix.length
                && Arrays.equals(whole, whole.length - suffix.length, whole.length, suffix, 0, suffix.length);
    }

    /**
     * True when {@code prefix} is nothing but complete header lines (field name, colon, CRLF, or
     * folded continuations): what the server may add above a message (Return-Path, Received, ...).
     */
    static boolean onlyHeaderLines(byte[] whole, int prefixLength) {
        String text = new String(whole, 0, prefixLength, StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
            return true;
        }
        if (!text.endsWith("\r\n") || !text.matches("(?s)[!-9;-~]+:.*")) {
            return false;
        }
        for (String line : text.substring(0, text.length() - 2).split("\r\n", -1)) {
            boolean field = line.matches("[!-9;-~]+:.*");
            boolean folded = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (!field && !folded) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5321 4.5.2: a line starting with a dot gets another; then the end-of-data line. */
    static byte[] dotStuffed(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 64);
        boolean lineStart = true;
        for (byte b : content) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
