package org.mailserver.core.filter.spf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A macro-string of RFC 7208 7.1: literal text and {@code %{...}} macros, parsed once when the record
 * is parsed and expanded for each use. Pure: the values of the macro letters come from the caller.
 * Immutable and thread-safe.
 */
final class MacroString {
    /** RFC 7208 7.1: {@code toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )}. */
    private static final Pattern DOMAIN_END = Pattern.compile(
            "(?s).*\\.(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])\\.?");
    /** RFC 7208 7.3: a domain name longer than this is shortened from the left, label by label. */
    static final int MAX_NAME = 253;

    /** The values of the macro letters (RFC 7208 7.2), asked for only when a macro uses them. */
    @FunctionalInterface
    interface Values {
        /** The value of the lower-case {@code letter}. */
        String of(char letter) throws InterruptedException;
    }

    private sealed interface Part {
    }

    private record Literal(String text) implements Part {
    }

    /** {@code %{letter digits r delimiters}}; digits 0 means all parts. */
    private record Macro(char letter, boolean escape, int digits, boolean reverse, String delimiters) implements Part {
    }

    /** {@code %%}, {@code %_} and {@code %-}: macro-expands with a fixed value. */
    private record Escape(String value) implements Part {
    }

    private final List<Part> parts;
    private final String text;

    private MacroString(List<Part> parts, String text) {
        this.parts = List.copyOf(parts);
        this.text = text;
    }

    /**
     * A domain-spec (RFC 7208 7.1): a non-empty macro-string without the explanation-only letters c, r
     * and t (7.1/8), ending in a macro or in {@code "." toplabel ["."]}.
     */
    static MacroString domainSpec(String s) throws SpfError {
        if (s.isEmpty()) {
            throw SpfError.perm("empty domain-spec");
        }
        MacroString m = parse(s, false, false);
        Part last = m.parts.get(m.parts.size() - 1);
        if (last instanceof Literal l && !DOMAIN_END.matcher(l.text()).matches()) {
            throw SpfError.perm("domain-spec does not end in a top-level label: " + s);
        }
        return m;
    }

    /** The macro-string of an unknown modifier (RFC 7208 A): any macro letter, no spaces. */
    static MacroString modifierValue(String s) throws SpfError {
        return parse(s, true, false);
    }

    /** An explanation string (RFC 7208 6.2): every macro letter, and spaces. */
    static MacroString explanation(String s) throws SpfError {
        return parse(s, true, true);
    }

    private static MacroString parse(String s, boolean allLetters, boolean spaces) throws SpfError {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '%') {
                // macro-literal = %x21-24 / %x26-7E: visible ASCII, so no control characters and no UTF-8
                if ((c < 0x21 || c > 0x7e) && !(spaces && c == ' ')) {
                    throw SpfError.perm("character " + (int) c + " not allowed in " + s);
                }
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 >= s.length()) {
                throw SpfError.perm("'%' at the end of " + s); // RFC 7208 7.1/9
            }
            char n = s.charAt(i + 1);
            Part p;
            if (n == '%' || n == '_' || n == '-') {
                p = new Escape(n == '%' ? "%" : n == '_' ? " " : "%20");
                i += 2;
            } else if (n == '{') {
                int close = s.indexOf('}', i + 2);
                if (close < 0) {
                    throw SpfError.perm("unterminated macro in " + s);
                }
                p = macro(s.substring(i + 2, close), allLetters, s);
                i = close + 1;
            } else {
                throw SpfError.perm("'%' not followed by '{', '%', '_' or '-' in " + s);
            }
            if (!literal.isEmpty()) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(p);
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new MacroString(parts, s);
    }

    /** {@code macro-letter transformers *delimiter}, transformers = *DIGIT ["r"] (RFC 7208 7.1). */
    private static Macro macro(String body, boolean allLetters, String whole) throws SpfError {
        if (body.isEmpty()) {
            throw SpfError.perm("empty macro in " + whole);
        }
        char letter = body.charAt(0);
        char lower = Character.toLowerCase(letter);
        String allowed = allLetters ? "slodiphcrtv" : "slodiphv";
        if (letter > 0x7f || allowed.indexOf(lower) < 0) {
            throw SpfError.perm("macro letter '" + letter + "' not allowed in " + whole);
        }
        int i = 1;
        int digits = 0;
        while (i < body.length() && Character.isDigit(body.charAt(i))) {
            digits = Math.min(1000, digits * 10 + (body.charAt(i) - '0'));
            i++;
        }
        if (i > 1 && digits == 0) {
            throw SpfError.perm("macro transformer of 0 parts in " + whole); // RFC 7208 7.3: nonzero
        }
        boolean reverse = false;
        if (i < body.length() && (body.charAt(i) == 'r' || body.charAt(i) == 'R')) {
            reverse = true;
            i++;
        }
        String delimiters = body.substring(i);
        for (char d : delimiters.toCharArray()) {
            if (".-+,/_=".indexOf(d) < 0) {
                throw SpfError.perm("macro delimiter '" + d + "' not allowed in " + whole);
            }
        }
        return new Macro(lower, Character.isUpperCase(letter), digits, reverse, delimiters.isEmpty() ? "." : delimiters);
    }

    /** The expanded text (RFC 7208 7.3). */
    String expand(Values values) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text());
            } else if (p instanceof Escape e) {
                out.append(e.value());
            } else {
                Macro m = (Macro) p;
                String v = transform(values.of(m.letter()), m);
                out.append(m.escape() ? urlEscape(v) : v);
            }
        }
        return out.toString();
    }

    /**
     * The expansion as a domain name to look up: without a trailing dot, and shortened from the left
     * label by label to at most 253 characters (RFC 7208 7.3).
     */
    String expandDomain(Values values) throws InterruptedException {
        String d = expand(values);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        while (d.length() > MAX_NAME && d.indexOf('.') >= 0) {
            d = d.substring(d.indexOf('.') + 1);
        }
        return d;
    }

    /** Split on the delimiters, reverse with r, keep the right-most digits parts, join with dots (RFC 7208 7.3). */
    private static String transform(String value, Macro m) {
        List<String> split = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (m.delimiters().indexOf(value.charAt(i)) >= 0) {
                split.add(value.substring(start, i));
                start = i + 1;
            }
        }
        split.add(value.substring(start));
        if (m.reverse()) {
            Collections.reverse(split);
        }
        if (m.digits() > 0 && m.digits() < split.size()) {
            split = split.subList(split.size() - m.digits(), split.size());
        }
        return String.join(".", split);
    }

    /** RFC 7208 7.3: upper-case macros are URL-escaped (RFC 3986 2.1); unreserved characters stay. */
    static String urlEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
