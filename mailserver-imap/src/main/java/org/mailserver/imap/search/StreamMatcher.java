package org.mailserver.imap.search;

/**
 * A substring search over text that arrives one character at a time (Knuth-Morris-Pratt): no
 * window of the text is kept, only the length of the needle's longest prefix just seen, so a body
 * of any size is searched in constant memory. Characters are fed already folded
 * ({@link CaseFold}); the needle is folded here. Not thread-safe; one per needle and message.
 */
final class StreamMatcher {

    private final String needle;
    private final int[] fallback;
    private int matched;
    private boolean found;

    /** @param needle the search string as the client gave it */
    StreamMatcher(String needle) {
        this.needle = CaseFold.fold(needle);
        this.fallback = fallback(this.needle);
        this.found = this.needle.isEmpty();
    }

    /** Feeds one folded character; true once the needle has been seen. */
    boolean feed(char c) {
        if (found) {
            return true;
        }
        while (matched > 0 && needle.charAt(matched) != c) {
            matched = fallback[matched - 1];
        }
        if (needle.charAt(matched) == c) {
            matched++;
        }
        if (matched == needle.length()) {
            found = true;
        }
        return found;
    }

    /** Feeds text, folding it; true once the needle has been seen. */
    boolean feed(CharSequence text) {
        for (int i = 0; i < text.length() && !found; i++) {
            feed(CaseFold.fold(text.charAt(i)));
        }
        return found;
    }

    /** Forgets a partial match, so none spans two separate texts (two parts, two headers). */
    void reset() {
        matched = 0;
    }

    boolean found() {
        return found;
    }

    /** {@code fallback[i]}: the longest proper prefix of {@code needle[0..i]} that is also its suffix. */
    private static int[] fallback(String needle) {
        int[] f = new int[needle.length()];
        int k = 0;
        for (int i = 1; i < needle.length(); i++) {
            while (k > 0 && needle.charAt(i) != needle.charAt(k)) {
                k = f[k - 1];
            }
            if (needle.charAt(i) == needle.charAt(k)) {
                k++;
            }
            f[i] = k;
        }
        return f;
    }
}
