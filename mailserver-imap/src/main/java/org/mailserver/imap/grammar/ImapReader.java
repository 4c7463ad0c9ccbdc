package org.mailserver.imap.grammar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mailserver.core.delivery.MessageSource;

/**
 * Reads the tokens of RFC 3501 9 from the segments of one command: its text lines and, after a line
 * ending in {@code {n}} or {@code {n+}}, the literal that follows. Used by the parsers of this package
 * only; one instance per command, not thread-safe. Every failure is an {@link ImapSyntaxException}
 * carrying the tag once it has been read.
 *
 * <p>Lenient in one way only: astrings and list-mailbox atoms may hold 8-bit octets, decoded as
 * UTF-8, since clients send UTF-8 mailbox names unquoted (RFC 6855 3 allows them quoted).
 */
final class ImapReader {
    /** RFC 3501 9 {@code number}: an unsigned 32-bit integer. */
    static final long MAX_NUMBER = 0xFFFFFFFFL;
    private static final byte[] EMPTY = new byte[0];

    private final List<Segment> segments;
    private int segment;
    private byte[] text;
    private int pos;
    private String tag;

    ImapReader(List<Segment> segments) throws ImapSyntaxException {
        if (segments.isEmpty() || !(segments.get(0) instanceof Segment.Text first)) {
            throw new ImapSyntaxException(null, "empty command");
        }
        this.segments = segments;
        this.text = first.bytes();
    }

    // --- character classes (RFC 3501 9) ---

    /** {@code ATOM-CHAR}: any CHAR except atom-specials. */
    static boolean isAtomChar(int c) {
        return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '%' && c != '*' && c != '"'
                && c != '\\' && c != ']';
    }

    static boolean isAstringChar(int c) {
        return isAtomChar(c) || c == ']';
    }

    /** {@code tag = 1*<any ASTRING-CHAR except "+">}. */
    static boolean isTagChar(int c) {
        return isAstringChar(c) && c != '+';
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    // --- position ---

    ImapSyntaxException error(String message) {
        return new ImapSyntaxException(tag, message);
    }

    String tag() {
        return tag;
    }

    int peek() {
        return pos < text.length ? text[pos] & 0xff : -1;
    }

    boolean atEnd() {
        return pos >= text.length && segment >= segments.size() - 1;
    }

    boolean take(char c) {
        if (pos < text.length && (text[pos] & 0xff) == c) {
            pos++;
            return true;
        }
        return false;
    }

    void expect(char c, String what) throws ImapSyntaxException {
        if (!take(c)) {
            throw missing(what);
        }
    }

    /** One space before {@code what}. */
    void sp(String what) throws ImapSyntaxException {
        if (!take(' ')) {
            throw missing(what);
        }
    }

    void expectEnd() throws ImapSyntaxException {
        if (!atEnd()) {
            throw error("unexpected text after the command: " + near());
        }
    }

    /** Skips whatever is left, literals included (SETQUOTA's arguments, which are ignored). */
    void skipRest() {
        segment = segments.size();
        text = EMPTY;
        pos = 0;
    }

    /** "missing what" at the end of the line or of a list, else "invalid what at ...". */
    ImapSyntaxException missing(String what) {
        return pos >= text.length || text[pos] == ')' || text[pos] == ']' ? error("missing " + what)
                : error("invalid " + what + " at " + near());
    }

    /** The rest of the current line, for error messages: printable ASCII, at most 40 characters. */
    String near() {
        return printable(text, pos, text.length);
    }

    /** {@code from..to} of the current line, for error messages. */
    String textBetween(int from, int to) {
        return printable(text, from, Math.min(to, text.length));
    }

    int position() {
        return pos;
    }

    /** Back to {@code p}, a {@link #position()} on the current line. */
    void reset(int p) {
        pos = p;
    }

    /** Where the current line ends. */
    int lineEnd() {
        return text.length;
    }

    byte byteAt(int i) {
        return text[i];
    }

    private static String printable(byte[] b, int from, int to) {
        if (from >= to) {
            return "end of line";
        }
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to && out.length() < 40; i++) {
            int c = b[i] & 0xff;
            out.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return to - from > 40 ? out + "..." : out.toString();
    }

    // --- tokens ---

    /** The tag: the first token of the first line. Errors carry no tag, as there is none. */
    String readTag() throws ImapSyntaxException {
        int start = pos;
        while (pos < text.length && isTagChar(text[pos] & 0xff)) {
            pos++;
        }
        if (pos == start || (pos < text.length && text[pos] != ' ')) {
            throw new ImapSyntaxException(null, text.length == 0 ? "empty command line" : "missing or invalid tag");
        }
        tag = ascii(start, pos);
        return tag;
    }

    /** {@code atom}, or null when none starts here. */
    String atomOrNull() {
        int start = pos;
        while (pos < text.length && isAtomChar(text[pos] & 0xff)) {
            pos++;
        }
        return pos == start ? null : ascii(start, pos);
    }

    String atom(String what) throws ImapSyntaxException {
        String a = atomOrNull();
        if (a == null) {
            throw missing(what);
        }
        return a;
    }

    /** Letters, digits, {@code .} and {@code -}, upper-cased: a keyword such as {@code BODY.PEEK}; "" if none. */
    String keyword() {
        int start = pos;
        while (pos < text.length) {
            int c = text[pos] & 0xff;
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '.' || c == '-')) {
                break;
            }
            pos++;
        }
        return ascii(start, pos).toUpperCase(Locale.ROOT);
    }

    /** Whether the keyword {@code kw} (upper case) comes next, followed by a space or the end; consumes it if so. */
    boolean takeKeyword(String kw) {
        int end = pos + kw.length();
        if (end > text.length || !ascii(pos, end).equalsIgnoreCase(kw)
                || (end < text.length && isAstringChar(text[end] & 0xff))) {
            return false;
        }
        pos = end;
        return true;
    }

    String astring(String what) throws ImapSyntaxException {
        return utf8(astringBytes(what));
    }

    byte[] astringBytes(String what) throws ImapSyntaxException {
        int c = peek();
        if (c == '"' || c == '{') {
            return stringBytes(what);
        }
        int start = pos;
        while (pos < text.length && (isAstringChar(text[pos] & 0xff) || text[pos] < 0)) {
            pos++;
        }
        if (pos == start) {
            throw missing(what);
        }
        return Arrays.copyOfRange(text, start, pos);
    }

    String string(String what) throws ImapSyntaxException {
        return utf8(stringBytes(what));
    }

    /** {@code nstring}: null for NIL. */
    String nstring(String what) throws ImapSyntaxException {
        return takeKeyword("NIL") ? null : string(what);
    }

    /** {@code list-mailbox = 1*list-char / string}, with the wildcards {@code %} and {@code *}. */
    String listMailbox(String what) throws ImapSyntaxException {
        int c = peek();
        if (c == '"' || c == '{') {
            return string(what);
        }
        int start = pos;
        while (pos < text.length) {
            int b = text[pos] & 0xff;
            if (!(isAstringChar(b) || b == '%' || b == '*' || b >= 0x80)) {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw missing(what);
        }
        return utf8(Arrays.copyOfRange(text, start, pos));
    }

    private byte[] stringBytes(String what) throws ImapSyntaxException {
        int c = peek();
        if (c == '"') {
            return quotedBytes();
        }
        if (c == '{') {
            Segment s = literal();
            if (s instanceof Segment.Literal l) {
                return l.bytes();
            }
            throw error("a message literal is only allowed as the APPEND message");
        }
        throw missing(what);
    }

    /** RFC 3501 9 {@code quoted}: only {@code \\} and {@code \"} are escapes; no CR, LF or NUL. */
    private byte[] quotedBytes() throws ImapSyntaxException {
        pos++;
        byte[] out = new byte[Math.max(0, text.length - pos)];
        int n = 0;
        while (true) {
            if (pos >= text.length) {
                throw error("unterminated quoted string");
            }
            byte c = text[pos++];
            if (c == '"') {
                return Arrays.copyOf(out, n);
            }
            if (c == '\\') {
                if (pos >= text.length || (text[pos] != '"' && text[pos] != '\\')) {
                    throw error("invalid escape in a quoted string (only \\\\ and \\\" are allowed)");
                }
                c = text[pos++];
            } else if (c == 0 || c == '\r' || c == '\n') {
                throw error("invalid character in a quoted string");
            }
            out[n++] = c;
        }
    }

    /** The APPEND message: a literal (or RFC 3516 {@code literal8}, {@code ~{n}}) as a {@link MessageSource}. */
    MessageSource message(String what) throws ImapSyntaxException {
        int start = pos;
        take('~');
        if (peek() != '{') {
            pos = start;
            throw missing(what);
        }
        Segment s = literal();
        if (s instanceof Segment.Message m) {
            return m.message();
        }
        return new LiteralMessage(((Segment.Literal) s).bytes());
    }

    /**
     * At {@code {}: the literal announced at the end of this line ({@code {n}} or {@code {n+}},
     * RFC 3501 4.3, RFC 7888), after which reading goes on with the next line.
     */
    private Segment literal() throws ImapSyntaxException {
        pos++;
        long n = digits("literal size", Long.MAX_VALUE);
        take('+');
        if (!take('}') || pos != text.length) {
            throw error("a literal size must end the line: " + near());
        }
        Segment s = segment + 1 < segments.size() ? segments.get(segment + 1) : null;
        long size = s instanceof Segment.Literal l ? l.bytes().length
                : s instanceof Segment.Message m ? m.message().size() : -1;
        if (size < 0) {
            throw error("missing literal data");
        }
        if (size != n) {
            throw error("literal of " + size + " octets announced as " + n);
        }
        segment += 2;
        pos = 0;
        if (segment >= segments.size()) {
            text = EMPTY;
        } else if (segments.get(segment) instanceof Segment.Text t) {
            text = t.bytes();
        } else {
            throw error("two literals without text between them");
        }
        return s;
    }

    // --- numbers, sets, dates, flags ---

    long number(String what) throws ImapSyntaxException {
        return digits(what, MAX_NUMBER);
    }

    /** {@code nz-number}: a number that is not 0. */
    long nzNumber(String what) throws ImapSyntaxException {
        long n = number(what);
        if (n == 0) {
            throw error(what + " must not be 0");
        }
        return n;
    }

    /** Up to {@code max}: {@link #MAX_NUMBER}, or {@link Long#MAX_VALUE} for RFC 7162's 63-bit mod-sequences. */
    long digits(String what, long max) throws ImapSyntaxException {
        int start = pos;
        long v = 0;
        while (pos < text.length && isDigit(text[pos])) {
            int d = text[pos++] - '0';
            if (v > (max - d) / 10) {
                throw error(what + " is too large");
            }
            v = v * 10 + d;
        }
        if (pos == start) {
            throw missing(what);
        }
        return v;
    }

    private String ascii(int from, int to) {
        return new String(text, from, to - from, StandardCharsets.ISO_8859_1);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
