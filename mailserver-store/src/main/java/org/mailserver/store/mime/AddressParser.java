package org.mailserver.store.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses an address-list header value (RFC 5322 3.4, with its obsolete forms) into IMAP envelope
 * addresses, leniently, without decoding: display names keep their RFC 2047 encoded words, quoted
 * strings are unquoted (as Dovecot does), a comment stands for the name of an address that has no
 * display name ({@code user@host (Real Name)}), and groups become start and end markers
 * (RFC 3501 7.4.2). Mime4j's address parser lives in mime4j-dom and decodes names, so it does not
 * fit here.
 *
 * <p>Broken input never fails: an unclosed quote, comment or angle bracket runs to the end, an
 * address without {@code @} gets an empty host, and an unterminated group is closed at the end.
 */
final class AddressParser {

    private final String s;
    private int pos;
    private final List<EnvelopeAddress> out = new ArrayList<>();

    // The address being read.
    private final List<String> words = new ArrayList<>();
    private final StringBuilder local = new StringBuilder();
    private final StringBuilder domain = new StringBuilder();
    private boolean seenAt;
    private boolean spaceBefore;
    private String comment;
    private Angle angle;

    private record Angle(String adl, String mailbox, String host) {
    }

    private AddressParser(String s) {
        this.s = s;
    }

    /** The addresses of a header value; empty for null or a value without any. */
    static List<EnvelopeAddress> parse(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        AddressParser parser = new AddressParser(value);
        parser.list();
        return List.copyOf(parser.out);
    }

    private void list() {
        boolean inGroup = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            switch (c) {
                case ' ', '\t', '\r', '\n' -> {
                    pos++;
                    spaceBefore = true;
                }
                case '(' -> {
                    String text = comment();
                    if (comment == null) {
                        comment = text;
                    }
                    spaceBefore = true;
                }
                case '"' -> word(quoted());
                case '[' -> word(literal());
                case '<' -> angle = angle();
                case '@' -> {
                    pos++;
                    if (seenAt) { // the last @ separates local part and domain
                        local.append('@').append(domain);
                        domain.setLength(0);
                    }
                    seenAt = true;
                    spaceBefore = false;
                }
                case ':' -> {
                    pos++;
                    if (!inGroup && angle == null) { // RFC 5322 3.4: group = display-name ":" [group-list] ";"
                        out.add(EnvelopeAddress.groupStart(String.join(" ", words)));
                        reset();
                        inGroup = true;
                    }
                }
                case ',' -> {
                    pos++;
                    finish();
                }
                case ';' -> {
                    pos++;
                    finish();
                    if (inGroup) {
                        out.add(EnvelopeAddress.groupEnd());
                        inGroup = false;
                    }
                }
                case '>', ')', ']' -> pos++; // stray (a ']' ends an atom too: without this case, no progress)
                default -> word(atom());
            }
        }
        finish();
        if (inGroup) {
            out.add(EnvelopeAddress.groupEnd());
        }
    }

    private void word(String word) {
        if (angle != null) {
            return; // junk after <...>
        }
        words.add(word);
        StringBuilder target = seenAt ? domain : local;
        if (spaceBefore && !target.isEmpty()) {
            target.append(' ');
        }
        target.append(word);
        spaceBefore = false;
    }

    private void finish() {
        String name;
        String adl = null;
        String mailbox;
        String host;
        if (angle != null) {
            name = words.isEmpty() ? comment : String.join(" ", words);
            adl = angle.adl;
            mailbox = angle.mailbox;
            host = angle.host;
        } else {
            name = comment;
            mailbox = local.toString();
            host = domain.toString();
        }
        if (name != null && name.isEmpty()) {
            name = null;
        }
        if (name != null || !mailbox.isEmpty() || !host.isEmpty()) {
            out.add(new EnvelopeAddress(name, adl, mailbox, host));
        }
        reset();
    }

    private void reset() {
        words.clear();
        local.setLength(0);
        domain.setLength(0);
        seenAt = false;
        spaceBefore = false;
        comment = null;
        angle = null;
    }

    /** {@code <[@route,@route:]local@domain>}; comments and whitespace inside are dropped. */
    private Angle angle() {
        pos++;
        skipBlanks();
        String adl = null;
        if (pos < s.length() && s.charAt(pos) == '@') {
            int colon = s.indexOf(':', pos);
            int close = s.indexOf('>', pos);
            if (colon >= 0 && (close < 0 || colon < close)) {
                adl = s.substring(pos, colon).replaceAll("[\\s]", "");
                pos = colon + 1;
            }
        }
        StringBuilder localPart = new StringBuilder();
        StringBuilder host = new StringBuilder();
        boolean at = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '>') {
                pos++;
                break;
            }
            StringBuilder target = at ? host : localPart;
            switch (c) {
                case ' ', '\t', '\r', '\n' -> pos++;
                case '(' -> comment();
                case '"' -> target.append(quoted());
                case '[' -> target.append(literal());
                case '@' -> {
                    pos++;
                    if (at) {
                        localPart.append('@').append(host);
                        host.setLength(0);
                    }
                    at = true;
                }
                default -> {
                    int start = pos;
                    while (pos < s.length() && "> \t\r\n(\"[@".indexOf(s.charAt(pos)) < 0) {
                        pos++;
                    }
                    target.append(s, start, pos);
                }
            }
        }
        return new Angle(adl, localPart.toString(), host.toString());
    }

    private String atom() {
        int start = pos;
        while (pos < s.length() && " \t\r\n()<>@,;:\"[]".indexOf(s.charAt(pos)) < 0) {
            pos++;
        }
        return s.substring(start, pos);
    }

    /** A quoted string's content, unescaped; unclosed runs to the end. */
    private String quoted() {
        StringBuilder b = new StringBuilder();
        pos++;
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c == '\\' && pos < s.length()) {
                c = s.charAt(pos++);
            }
            if (c != '\r' && c != '\n') {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A domain literal with its brackets. */
    private String literal() {
        int start = pos;
        int close = s.indexOf(']', pos);
        pos = close < 0 ? s.length() : close + 1;
        return s.substring(start, pos).replaceAll("[\\s]", "");
    }

    /** A comment's content without its outer parentheses; nested ones are kept. */
    private String comment() {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '\\' && pos < s.length()) {
                b.append(s.charAt(pos++));
                continue;
            }
            if (c == '(') {
                if (depth++ == 0) {
                    continue;
                }
            } else if (c == ')') {
                if (--depth == 0) {
                    break;
                }
            }
            if (c != '\r' && c != '\n') {
                b.append(c);
            }
        }
        return HeaderText.trim(b.toString());
    }

    private void skipBlanks() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (HeaderText.isWhite(c)) {
                pos++;
            } else if (c == '(') {
                comment();
            } else {
                break;
            }
        }
    }
}
