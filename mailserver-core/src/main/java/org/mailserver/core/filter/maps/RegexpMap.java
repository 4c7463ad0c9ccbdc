package org.mailserver.core.filter.maps;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Postfix {@code regexp:} table (regexp_table(5)): the first line whose pattern matches decides.
 * Immutable and thread-safe once parsed by {@link RegexpMapParser}.
 */
public final class RegexpMap {

    /** One line of the table, or an {@code if ... endif} block. */
    sealed interface Entry permits Rule, IfBlock {
    }

    /** {@code /pattern/flags result} or {@code !/pattern/flags result}. */
    record Rule(Pattern pattern, boolean negated, String result, String where, String line) implements Entry {
    }

    /** {@code if /pattern/flags} ... {@code endif}: the body is only looked at when the pattern matches. */
    record IfBlock(Pattern pattern, boolean negated, List<Entry> body) implements Entry {
    }

    private final String name;
    private final List<Entry> entries;

    RegexpMap(String name, List<Entry> entries) {
        this.name = name;
        this.entries = List.copyOf(entries);
    }

    /** The file the map was read from. */
    public String name() {
        return name;
    }

    /** The first matching line's action, or empty when no line matched. */
    public Optional<MapMatch> lookup(String input) {
        return lookup(entries, input);
    }

    private static Optional<MapMatch> lookup(List<Entry> entries, String input) {
        for (Entry e : entries) {
            if (e instanceof IfBlock b) {
                if (b.pattern().matcher(input).find() != b.negated()) {
                    Optional<MapMatch> m = lookup(b.body(), input);
                    if (m.isPresent()) {
                        return m;
                    }
                }
                continue;
            }
            Rule r = (Rule) e;
            Matcher m = r.pattern().matcher(input);
            boolean found = m.find();
            if (found == r.negated()) {
                continue;
            }
            String result = r.negated() ? r.result() : substitute(r.result(), m);
            MapAction action = MapAction.parse(result);
            if (action != null) { // checked at parse time; a substitution cannot remove the action word
                return Optional.of(new MapMatch(action, r.where(), r.line()));
            }
        }
        return Optional.empty();
    }

    /** regexp_table(5): {@code $n} or {@code ${n}} is the n-th parenthesised substring, {@code $$} a dollar. */
    static String substitute(String result, Matcher m) {
        if (result.indexOf('$') < 0) {
            return result;
        }
        StringBuilder b = new StringBuilder(result.length() + 16);
        for (int i = 0; i < result.length(); i++) {
            char c = result.charAt(i);
            if (c != '$' || i + 1 >= result.length()) {
                b.append(c);
                continue;
            }
            char n = result.charAt(i + 1);
            if (n == '$') {
                b.append('$');
                i++;
            } else if (Character.isDigit(n) || n == '{') {
                int start = n == '{' ? i + 2 : i + 1;
                int end = start;
                while (end < result.length() && Character.isDigit(result.charAt(end))) {
                    end++;
                }
                if (end == start || (n == '{' && (end >= result.length() || result.charAt(end) != '}'))) {
                    b.append(c);
                    continue;
                }
                int group = Integer.parseInt(result.substring(start, end));
                String v = group <= m.groupCount() ? m.group(group) : null;
                b.append(v == null ? "" : v);
                i = n == '{' ? end : end - 1;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
