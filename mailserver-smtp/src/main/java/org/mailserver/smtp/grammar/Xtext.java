package org.mailserver.smtp.grammar;

/**
 * The {@code xtext} encoding of RFC 3461 4: printable US-ASCII except {@code +} and {@code =}, with
 * {@code +XX} (two upper-case hex digits) for anything else. Pure functions.
 */
public final class Xtext {

    private Xtext() {
    }

    /** Decodes {@code text}; null when it is not valid xtext. */
    public static String decode(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                // hexchar ::= ASCII "+" immediately followed by two upper case hexadecimal digits
                if (i + 2 >= text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
                    return null;
                }
                b.append((char) (hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2))));
                i += 2;
            } else if (c >= 33 && c <= 126 && c != '=') {
                b.append(c);
            } else {
                return null;
            }
        }
        return b.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
