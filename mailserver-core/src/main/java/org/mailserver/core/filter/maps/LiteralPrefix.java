package org.mailserver.core.filter.maps;

import java.util.regex.Pattern;

/**
 * The literal text every match of a pattern must start with, so that a lookup can pass over a line
 * without running the regular expression: most header_checks lines are anchored, like
 * {@code /^Subject:/} or {@code /^Content-(Disposition|Type):/}, and most header lines start with
 * something else.
 *
 * <p>Only a pattern that begins with {@code ^} outside multi-line mode, with no {@code |} at its top
 * level, has one: the printable ASCII characters after the {@code ^} up to the first character with a
 * meaning in a regular expression (less the last one when a quantifier follows it). Anything this
 * class does not follow (a {@code \Q} inside a character class, an unbalanced parenthesis, a class
 * starting with {@code ]}) gives no prefix, so the pattern is always run: a prefix may be missing,
 * never wrong.
 *
 * <p>Case: with {@link Pattern#CASE_INSENSITIVE} and without {@link Pattern#UNICODE_CASE}, Java
 * folds ASCII letters only, and so does {@link #matches}.
 *
 * @param text the literal, empty when the pattern has none
 * @param ignoreCase whether ASCII letters match either case
 */
record LiteralPrefix(String text, boolean ignoreCase) {
    static final LiteralPrefix NONE = new LiteralPrefix("", false);
    private static final String META = "\\^$.|?*+()[]{}";
    private static final int UNSUPPORTED_FLAGS = Pattern.MULTILINE | Pattern.COMMENTS | Pattern.LITERAL
            | Pattern.UNICODE_CASE | Pattern.CANON_EQ | Pattern.UNICODE_CHARACTER_CLASS;

    /** The prefix of {@code pattern}, or {@link #NONE}. */
    static LiteralPrefix of(Pattern pattern) {
        String r = pattern.pattern();
        int flags = pattern.flags();
        if ((flags & UNSUPPORTED_FLAGS) != 0 || r.length() < 2 || r.charAt(0) != '^' || !singleBranch(r)) {
            return NONE;
        }
        int end = 1;
        while (end < r.length() && r.charAt(end) >= 0x20 && r.charAt(end) < 0x7f && META.indexOf(r.charAt(end)) < 0) {
            end++;
        }
        if (end < r.length() && "?*+{".indexOf(r.charAt(end)) >= 0) {
            end--; // the quantifier applies to the last character: it may be absent or repeated
        }
        return end <= 1 ? NONE : new LiteralPrefix(r.substring(1, end), (flags & Pattern.CASE_INSENSITIVE) != 0);
    }

    /** Whether the regular expression has no {@code |} outside parentheses; false when unsure. */
    static boolean singleBranch(String r) {
        int depth = 0;
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '\\') {
                if (i + 1 < r.length() && r.charAt(i + 1) == 'Q') {
                    int e = r.indexOf("\\E", i + 2);
                    if (e < 0) {
                        return depth == 0; // quoted to the end
                    }
                    i = e + 1;
                } else {
                    i++;
                }
            } else if (c == '[') {
                i = classEnd(r, i);
                if (i < 0) {
                    return false;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth < 0) {
                    return false;
                }
            } else if (c == '|' && depth == 0) {
                return false;
            }
        }
        return depth == 0;
    }

    /** The index of the {@code ]} closing the class opened at {@code start}, nested classes included; -1 when unsure. */
    private static int classEnd(String r, int start) {
        int i = start + 1;
        if (i < r.length() && r.charAt(i) == '^') {
            i++;
        }
        if (i < r.length() && r.charAt(i) == ']') {
            return -1;
        }
        int depth = 1;
        for (; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '\\') {
                if (i + 1 < r.length() && r.charAt(i + 1) == 'Q') {
                    return -1;
                }
                i++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    /** Whether {@code input} starts with the prefix: a match of the pattern is possible only then. */
    boolean matches(CharSequence input) {
        int n = text.length();
        if (input.length() < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char p = text.charAt(i);
            char c = input.charAt(i);
            if (c != p && !(ignoreCase && lower(c) == lower(p))) {
                return false;
            }
        }
        return true;
    }

    /** As {@link #matches(CharSequence)} on the UTF-8 bytes of a line: the prefix is ASCII, so the bytes decide alone. */
    boolean matches(byte[] line, int len) {
        int n = text.length();
        if (len < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char p = text.charAt(i);
            char c = (char) (line[i] & 0xff);
            if (c != p && !(ignoreCase && lower(c) == lower(p))) {
                return false;
            }
        }
        return true;
    }

    /** Java's ASCII-only case folding ({@code Pattern.CASE_INSENSITIVE} without {@code UNICODE_CASE}). */
    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
