package org.mailserver.smtp.grammar;

/**
 * Parses the path syntax of RFC 5321 4.1.2 ({@code Reverse-path}, {@code Forward-path}) with the
 * UTF-8 extensions of RFC 6531 3.3. Pure grammar, no I/O.
 *
 * <p>Accepted: a source route ({@code <@a,@b:user@c>}), which is ignored (RFC 5321 4.1.1.3 and
 * appendix C); a quoted local part; an address literal as the domain; the null path {@code <>}
 * where the caller allows it; {@code <Postmaster>} without a domain where the caller allows it
 * (RFC 5321 4.1.1.3). Refused: anything outside the brackets, controls, an empty atom, a domain
 * label that starts or ends with a hyphen.
 */
public final class PathParser {
    private final String s;
    private int pos;

    private PathParser(String s, int pos) {
        this.s = s;
        this.pos = pos;
    }

    /** The parsed path and the index just past its closing {@code >}. */
    public record Result(MailPath path, int end) {
    }

    /**
     * Parses a path starting at {@code start} in {@code text}; returns null when it is not valid.
     *
     * @param allowNull accept {@code <>} (MAIL FROM)
     * @param allowPostmaster accept {@code <Postmaster>} without a domain (RCPT TO)
     */
    public static Result parse(String text, int start, boolean allowNull, boolean allowPostmaster) {
        PathParser p = new PathParser(text, start);
        MailPath path = p.path(allowNull, allowPostmaster);
        return path == null ? null : new Result(path, p.pos);
    }

    private MailPath path(boolean allowNull, boolean allowPostmaster) {
        if (!eat('<')) {
            return null;
        }
        if (eat('>')) {
            return allowNull ? MailPath.NULL : null;
        }
        if (peek() == '@' && !sourceRoute()) {
            return null;
        }
        String local = localPart();
        if (local == null) {
            return null;
        }
        if (eat('>')) {
            // RFC 5321 4.1.1.3: "<Postmaster>" is the one address allowed without a domain.
            return allowPostmaster && local.equalsIgnoreCase("postmaster") ? new MailPath(local, "") : null;
        }
        if (!eat('@')) {
            return null;
        }
        String domain = peek() == '[' ? addressLiteral() : domain();
        if (domain == null || !eat('>')) {
            return null;
        }
        return new MailPath(local, domain);
    }

    /** A-d-l ":" — parsed so that it is well-formed, then dropped. */
    private boolean sourceRoute() {
        do {
            if (!eat('@') || domain() == null) {
                return false;
            }
        } while (eat(','));
        return eat(':');
    }

    private String localPart() {
        int start = pos;
        if (peek() == '"') {
            pos++;
            while (pos < s.length() && s.charAt(pos) != '"') {
                char c = s.charAt(pos);
                if (c == '\\') {
                    // quoted-pairSMTP = %d92 %d32-126
                    if (pos + 1 >= s.length() || s.charAt(pos + 1) < 32 || s.charAt(pos + 1) > 126) {
                        return null;
                    }
                    pos += 2;
                } else if ((c >= 32 && c <= 126) || c >= 0x80) {
                    pos++;
                } else {
                    return null;
                }
            }
            return eat('"') ? s.substring(start, pos) : null;
        }
        do {
            int atom = pos;
            while (pos < s.length() && isAtext(s.charAt(pos))) {
                pos++;
            }
            if (pos == atom) {
                return null;
            }
        } while (eat('.'));
        return s.substring(start, pos);
    }

    private String domain() {
        int start = pos;
        do {
            int label = pos;
            while (pos < s.length() && isLetDig(s.charAt(pos)) || pos < s.length() && s.charAt(pos) == '-') {
                pos++;
            }
            if (pos == label || s.charAt(label) == '-' || s.charAt(pos - 1) == '-') {
                return null;
            }
        } while (eat('.'));
        return s.substring(start, pos);
    }

    /** "[" (IPv4 / "IPv6:" address / tag ":" dcontent) "]", kept as written. */
    private String addressLiteral() {
        int start = pos;
        pos++;
        while (pos < s.length() && s.charAt(pos) != ']') {
            char c = s.charAt(pos);
            // dcontent = %d33-90 / %d94-126 ("[", "\" and "]" excluded)
            if (c < 33 || c > 126 || c == '[' || c == '\\') {
                return null;
            }
            pos++;
        }
        if (!eat(']') || pos - start <= 2) {
            return null;
        }
        return s.substring(start, pos);
    }

    private static boolean isLetDig(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80;
    }

    /** atext of RFC 5322 3.2.3, plus UTF-8 (RFC 6531 3.3); the session decides if UTF-8 is allowed. */
    static boolean isAtext(char c) {
        return isLetDig(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    private boolean eat(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }
}
