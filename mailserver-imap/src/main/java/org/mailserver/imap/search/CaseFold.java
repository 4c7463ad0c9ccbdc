package org.mailserver.imap.search;

/**
 * The case folding of SEARCH's case-insensitive matching (RFC 3501 6.4.4): each character to
 * upper then lower case, so that the pairs simple lower-casing misses still meet (the Kelvin sign
 * and k, the long s and s, final and medial sigma, dotted capital I and i). One character in, one
 * out, so that a stream folds character by character, the same as the string it is matched to.
 */
final class CaseFold {

    private CaseFold() {
    }

    static char fold(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    static String fold(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            out.append(fold(text.charAt(i)));
        }
        return out.toString();
    }
}
