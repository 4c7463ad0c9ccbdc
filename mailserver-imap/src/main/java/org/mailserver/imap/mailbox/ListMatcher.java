package org.mailserver.imap.mailbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference and mailbox patterns of LIST and LSUB (RFC 3501 6.3.8, RFC 5258 3 for several
 * patterns). The canonical pattern is the reference followed by the pattern, unless the pattern
 * starts with the delimiter (then it stands alone). {@code *} matches any characters, {@code %} any
 * but the delimiter. Names match case-sensitively except {@code INBOX} as the first level, which
 * matches in any case ({@code inbox}, {@code i*} and {@code InBoX/%} all reach it).
 *
 * <p>Names and patterns are compared as Unicode: both are decoded from modified UTF-7, so a
 * wildcard matches characters, not BASE64 octets (a pattern that is not valid modified UTF-7 is
 * compared as sent). Matching is O(pattern × name), whatever the wildcards. Immutable, thread-safe.
 */
public final class ListMatcher {

    private static final int INBOX_LENGTH = MailboxNames.INBOX.length();

    private final List<String> patterns;

    private ListMatcher(List<String> patterns) {
        this.patterns = patterns;
    }

    /** A matcher for one reference and its patterns; a mailbox matches if any pattern matches it. */
    public static ListMatcher of(String reference, List<String> patterns) {
        List<String> decoded = new ArrayList<>(patterns.size());
        for (String pattern : patterns) {
            decoded.add(decode(canonicalPattern(reference, pattern)));
        }
        return new ListMatcher(List.copyOf(decoded));
    }

    public static ListMatcher of(String reference, String pattern) {
        return of(reference, List.of(pattern));
    }

    /** The reference and pattern as one pattern (RFC 3501 6.3.8). */
    public static String canonicalPattern(String reference, String pattern) {
        if (reference == null || reference.isEmpty() || (!pattern.isEmpty() && pattern.charAt(0) == MailboxNames.DELIMITER)) {
            return pattern;
        }
        return reference + pattern;
    }

    /** Whether a mailbox (an IMAP name, modified UTF-7 and canonical as from {@link MailboxNames}) matches. */
    public boolean matches(String imapName) {
        String name = decode(imapName);
        boolean inbox = name.regionMatches(0, MailboxNames.INBOX, 0, INBOX_LENGTH)
                && (name.length() == INBOX_LENGTH || name.charAt(INBOX_LENGTH) == MailboxNames.DELIMITER);
        for (String pattern : patterns) {
            if (matches(pattern, name, inbox ? INBOX_LENGTH : 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code pattern} matches all of {@code name}, the first {@code caseless} characters of
     * the name compared without regard to case. {@code at[j]}: the pattern from {@code i} matches the
     * name from {@code j}, computed from the end of the pattern backwards.
     */
    private static boolean matches(String pattern, String name, int caseless) {
        int n = name.length();
        boolean[] next = new boolean[n + 1];
        boolean[] at = new boolean[n + 1];
        next[n] = true; // the empty pattern matches the empty rest of the name
        for (int i = pattern.length() - 1; i >= 0; i--) {
            char p = pattern.charAt(i);
            for (int j = n; j >= 0; j--) {
                boolean m;
                if (p == '*') {
                    m = next[j] || (j < n && at[j + 1]);
                } else if (p == '%') {
                    m = next[j] || (j < n && name.charAt(j) != MailboxNames.DELIMITER && at[j + 1]);
                } else {
                    m = j < n && same(p, name.charAt(j), j < caseless) && next[j + 1];
                }
                at[j] = m;
            }
            boolean[] t = next;
            next = at;
            at = t;
        }
        return next[0];
    }

    private static boolean same(char p, char c, boolean caseless) {
        // the name's INBOX is upper case (MailboxNames.canonical); ASCII only, so no dotless i
        return p == c || (caseless && p < 128 && Character.toUpperCase(p) == c);
    }

    private static String decode(String text) {
        try {
            return ModifiedUtf7.decode(text);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
