package org.mailserver.core.filter.maps;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The action of a matched map line, as header_checks(5) and body_checks(5) define it.
 *
 * @param kind what to do
 * @param word the action word as written, upper case ({@code REJECT}, {@code HOLD}, ...)
 * @param status the optional enhanced status code before the text ({@code 5.7.1}), else null
 * @param text the optional text, else null
 */
public record MapAction(Kind kind, String word, String status, String text) {
    private static final Pattern STATUS = Pattern.compile("([245])\\.(\\d{1,3})\\.(\\d{1,3})");

    /** An action whose word is its kind's name. */
    public MapAction(Kind kind, String status, String text) {
        this(kind, kind.name(), status, text);
    }

    /** The actions of header_checks(5); the ones this engine does not carry out are {@link #UNSUPPORTED}. */
    public enum Kind {
        /** Refuse the message: 550, or 451 when the text starts with a 4.x.x status. */
        REJECT,
        /** Log the match (with the optional text) and go on. */
        WARN,
        /** As WARN, logged as {@code info} (Postfix 3.2). */
        INFO,
        /** Delete the header line: the top-level header's fields; logged only in MIME parts and bodies. */
        IGNORE,
        /** Answer 250 and deliver the message nowhere, for all recipients; no more lines are checked. */
        DISCARD,
        /** OK and DUNNO: pretend the line did not match (header_checks(5)). */
        DUNNO,
        /** Insert the text as a header line before the matched one (top-level header only). */
        PREPEND,
        /** Put the text in place of the matched header line (top-level header only). */
        REPLACE,
        /** HOLD, FILTER, REDIRECT, BCC, PASS: the map loads, a match is logged as not supported, no action. */
        UNSUPPORTED
    }

    /**
     * Parses a map result such as {@code REJECT 5.7.1 Attachment type not allowed}; null when no known action.
     * The action word is kept as {@link #word} for the log ({@code HOLD}, {@code REDIRECT}, ...).
     */
    public static MapAction parse(String result) {
        String r = result.strip();
        int sp = indexOfSpace(r);
        String word = (sp < 0 ? r : r.substring(0, sp)).toUpperCase(Locale.ROOT);
        String rest = sp < 0 ? "" : r.substring(sp).strip();
        Kind kind = switch (word) {
            case "REJECT" -> Kind.REJECT;
            case "WARN" -> Kind.WARN;
            case "INFO" -> Kind.INFO;
            case "IGNORE" -> Kind.IGNORE;
            case "DISCARD" -> Kind.DISCARD;
            case "OK", "DUNNO" -> Kind.DUNNO;
            case "PREPEND" -> Kind.PREPEND;
            case "REPLACE" -> Kind.REPLACE;
            case "HOLD", "FILTER", "REDIRECT", "BCC", "PASS" -> Kind.UNSUPPORTED;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        String status = null;
        if (kind == Kind.REJECT) {
            // header_checks(5): "REJECT optional text...", the text may start with an RFC 3463 code
            int s2 = indexOfSpace(rest);
            String first = s2 < 0 ? rest : rest.substring(0, s2);
            Matcher m = STATUS.matcher(first);
            if (m.matches() && !first.startsWith("2")) {
                status = first;
                rest = s2 < 0 ? "" : rest.substring(s2).strip();
            }
        }
        return new MapAction(kind, word, status, rest.isEmpty() ? null : rest);
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
