package org.mailserver.imap.mailbox;

import java.util.Arrays;

/**
 * Modified UTF-7, the encoding of IMAP mailbox names (RFC 3501 5.1.3): printable US-ASCII stands
 * for itself except {@code &}, which is {@code &-}; any other run of characters is its UTF-16 in
 * modified BASE64 ({@code ,} instead of {@code /}, no padding) between {@code &} and {@code -}.
 *
 * <p>{@link #decode} and {@link #isValid} are strict: only the one canonical encoding of a name is
 * accepted, so two different octet strings never name the same mailbox. Refused are octets
 * outside printable US-ASCII, an {@code &} without its {@code -}, BASE64 that is not whole UTF-16
 * (left-over bits that are not zero, a lone surrogate), a shifted printable ASCII character
 * ({@code &AGE-} for {@code a}), an empty shift other than {@code &-}, and two shifts in a row
 * ({@code &AOk-&AOk-} is {@code &AOkA6Q-}). Pure functions, thread-safe.
 */
public final class ModifiedUtf7 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
    private static final int[] VALUE = new int[128];

    static {
        Arrays.fill(VALUE, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUE[ALPHABET.charAt(i)] = i;
        }
    }

    private ModifiedUtf7() {
    }

    /** The modified UTF-7 form of a Unicode name. */
    public static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (isDirect(c)) {
                out.append(c);
                if (c == '&') {
                    out.append('-');
                }
                i++;
                continue;
            }
            int end = i;
            while (end < text.length() && !isDirect(text.charAt(end))) {
                end++;
            }
            out.append('&');
            base64(text, i, end, out);
            out.append('-');
            i = end;
        }
        return out.toString();
    }

    /**
     * The Unicode name of a modified UTF-7 one.
     *
     * @throws IllegalArgumentException if {@code name} is not the canonical modified UTF-7 of anything
     */
    public static String decode(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean lastWasShift = false;
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(String.format(
                        "octet 0x%02x at %d: a mailbox name is printable US-ASCII (modified UTF-7)", (int) c, i));
            }
            if (c != '&') {
                out.append(c);
                lastWasShift = false;
                i++;
                continue;
            }
            int end = name.indexOf('-', i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("'&' at " + i + " without its closing '-'");
            }
            if (end == i + 1) {
                out.append('&');
                lastWasShift = false;
            } else {
                if (lastWasShift) {
                    throw new IllegalArgumentException("two shifted sequences in a row at " + i + " (not canonical)");
                }
                unbase64(name, i + 1, end, out);
                lastWasShift = true;
            }
            i = end + 1;
        }
        return out.toString();
    }

    /** Whether {@code name} is canonical modified UTF-7 (what {@link #decode} accepts). */
    public static boolean isValid(String name) {
        try {
            decode(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isDirect(char c) {
        return c >= 0x20 && c <= 0x7e;
    }

    private static void base64(String text, int from, int to, StringBuilder out) {
        int bits = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            bits = (bits << 16) | text.charAt(i);
            count += 16;
            while (count >= 6) {
                count -= 6;
                out.append(ALPHABET.charAt((bits >> count) & 0x3f));
            }
            bits &= (1 << count) - 1;
        }
        if (count > 0) {
            out.append(ALPHABET.charAt((bits << (6 - count)) & 0x3f));
        }
    }

    private static void unbase64(String name, int from, int to, StringBuilder out) {
        int bits = 0;
        int count = 0;
        int start = out.length();
        for (int i = from; i < to; i++) {
            char c = name.charAt(i);
            int v = c < 128 ? VALUE[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("'" + c + "' at " + i + " is not modified BASE64");
            }
            bits = (bits << 6) | v;
            count += 6;
            if (count >= 16) {
                count -= 16;
                out.append((char) ((bits >> count) & 0xffff));
                bits &= (1 << count) - 1;
            }
        }
        // RFC 2152: a shift ends on a whole UTF-16 unit, padded with fewer than six zero bits
        if (count >= 6 || bits != 0) {
            throw new IllegalArgumentException("modified BASE64 at " + from + " does not end on a whole UTF-16 unit");
        }
        for (int i = start; i < out.length(); i++) {
            char u = out.charAt(i);
            if (isDirect(u)) {
                throw new IllegalArgumentException("printable US-ASCII '" + u + "' shifted at " + from + " (not canonical)");
            }
            if (Character.isHighSurrogate(u)) {
                if (i + 1 >= out.length() || !Character.isLowSurrogate(out.charAt(i + 1))) {
                    throw new IllegalArgumentException("unpaired surrogate in modified BASE64 at " + from);
                }
                i++;
            } else if (Character.isLowSurrogate(u)) {
                throw new IllegalArgumentException("unpaired surrogate in modified BASE64 at " + from);
            }
        }
    }
}
