package org.mailserver.core.filter.maps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Postfix {@code regexp:} table (regexp_table(5)): the first line whose pattern matches decides.
 * Immutable and thread-safe once parsed by {@link RegexpMapParser}.
 *
 * <p>Lookups skip what cannot match, without changing which line decides: a line whose pattern
 * starts with a literal ({@code /^Subject:/}, see {@link LiteralPrefix}) is tried only on inputs that
 * start with it, and the lines whose literal names a header ({@code Subject:}) are filed under that
 * name, so that a {@code From:} line is tried against the other lines only. Each name's list holds its
 * own lines and every line filed under no name, in file order.
 *
 * <p>Every pattern is matched within a budget of {@value #MIN_STEPS} character reads plus
 * {@value #STEPS_PER_CHAR} per character of the input. Java's regex engine backtracks, so a pattern
 * such as {@code /(a+)+b/} takes exponential time on some lines (and a repeated group such as
 * {@code /(a|b)*}{@code /} recurses once per character, so a long line overflows the stack); the
 * patterns are the operator's but the lines are anyone's. A pattern that runs out of its budget, or
 * of stack, on a line does not decide for that line: it is skipped, as if it did not match, with a
 * warning naming it. Postfix has the same exposure with POSIX regexps; a timeout per match is what
 * makes it safe to run them on mail.
 */
public final class RegexpMap {
    private static final Logger LOG = LoggerFactory.getLogger(RegexpMap.class);
    /** Character reads a match may make at least: far beyond any sane pattern on a header line. */
    static final long MIN_STEPS = 1_000_000;
    /** And per character of input: a quadratic pattern ({@code /.*a.*b/}) on a 10,000-character line fits. */
    static final long STEPS_PER_CHAR = 10_000;
    /** Matches that ran out of stack, for tests: where that happens depends on the thread, not only the line. */
    static final LongAdder STACK_OVERFLOWS = new LongAdder();

    /** One line of the table, or an {@code if ... endif} block. */
    sealed interface Entry permits Rule, IfBlock {
    }

    /** {@code /pattern/flags result} or {@code !/pattern/flags result}. */
    record Rule(Pattern pattern, boolean negated, String result, String where, String line) implements Entry {
    }

    /** {@code if /pattern/flags} ... {@code endif}: the body is only looked at when the pattern matches. */
    record IfBlock(Pattern pattern, boolean negated, List<Entry> body) implements Entry {
    }

    /** An entry with the literal its input must start with ({@link LiteralPrefix#NONE} for a negated one). */
    private record Node(Entry entry, LiteralPrefix prefix, Node[] body) {
        static Node[] of(List<Entry> entries) {
            Node[] nodes = new Node[entries.size()];
            for (int i = 0; i < nodes.length; i++) {
                Entry e = entries.get(i);
                Pattern p = e instanceof Rule r ? r.pattern() : ((IfBlock) e).pattern();
                boolean negated = e instanceof Rule r ? r.negated() : ((IfBlock) e).negated();
                nodes[i] = new Node(e, negated ? LiteralPrefix.NONE : LiteralPrefix.of(p),
                        e instanceof IfBlock b ? of(b.body()) : null);
            }
            return nodes;
        }

        /** {@code subject:} for a prefix {@code Subject: x}; null when the prefix holds no whole name. */
        String name() {
            int colon = prefix.text().indexOf(':');
            return colon <= 0 ? null : lowerName(prefix.text(), colon + 1);
        }
    }

    private final String name;
    private final List<Entry> entries;
    private final Node[] unnamed; // the top-level nodes filed under no header name
    private final Map<String, Node[]> byName; // "subject:" -> its nodes and the unnamed ones, in file order
    private final int longestName;
    private final boolean[] firstChars; // for mayMatch: the possible first characters, or null for any

    RegexpMap(String name, List<Entry> entries) {
        this.name = name;
        this.entries = List.copyOf(entries);
        Node[] all = Node.of(this.entries);
        List<Node> none = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Node n : all) {
            if (n.name() == null) {
                none.add(n);
            } else {
                names.add(n.name());
            }
        }
        unnamed = none.toArray(Node[]::new);
        Map<String, Node[]> index = new HashMap<>();
        int longest = 0;
        for (String k : names) {
            List<Node> list = new ArrayList<>();
            for (Node n : all) {
                if (n.name() == null || n.name().equals(k)) {
                    list.add(n);
                }
            }
            index.put(k, list.toArray(Node[]::new));
            longest = Math.max(longest, k.length());
        }
        byName = Map.copyOf(index);
        longestName = longest;
        firstChars = firstChars(all);
    }

    /** The file the map was read from. */
    public String name() {
        return name;
    }

    /** The lines and blocks as read, in file order. */
    List<Entry> entries() {
        return entries;
    }

    /** The first matching line's action, or empty when no line matched. */
    public Optional<MapMatch> lookup(String input) {
        return lookup(candidates(input), input);
    }

    /**
     * False when no line can match the UTF-8 line {@code line[0..len)}: every line of the map starts
     * with a literal, and none of their first characters starts the line. Lets a caller skip making a
     * {@code String} of a body line; true means "look it up".
     */
    public boolean mayMatch(byte[] line, int len) {
        if (firstChars == null) {
            return true;
        }
        if (len == 0) {
            return false;
        }
        int c = line[0] & 0xff;
        return c < 128 && firstChars[c];
    }

    /** The top-level nodes that may match {@code input}, in file order. */
    private Node[] candidates(String input) {
        if (byName.isEmpty()) {
            return unnamed;
        }
        int end = Math.min(input.length(), longestName);
        for (int i = 0; i < end; i++) { // a name is at most longestName characters, its colon included
            if (input.charAt(i) == ':') {
                Node[] named = byName.get(lowerName(input, i + 1));
                return named == null ? unnamed : named;
            }
        }
        return unnamed;
    }

    private static String lowerName(String s, int end) {
        char[] c = new char[end];
        for (int i = 0; i < end; i++) {
            c[i] = LiteralPrefix.lower(s.charAt(i));
        }
        return new String(c);
    }

    /** Both cases of each node's first literal character; null when some node has no literal. */
    private static boolean[] firstChars(Node[] nodes) {
        boolean[] first = new boolean[128];
        for (Node n : nodes) {
            if (n.prefix().isEmpty()) {
                return null;
            }
            char c = n.prefix().text().charAt(0);
            first[c] = true;
            if (n.prefix().ignoreCase() && Character.isLetter(c)) {
                first[Character.toLowerCase(c)] = true;
                first[Character.toUpperCase(c)] = true;
            }
        }
        return first;
    }

    private static Optional<MapMatch> lookup(Node[] nodes, String input) {
        for (Node n : nodes) {
            if (!n.prefix().matches(input)) {
                continue; // the pattern cannot match: a negated pattern has no prefix
            }
            if (n.entry() instanceof IfBlock b) {
                Boolean found = find(b.pattern().matcher(bounded(input)), "if block");
                if (found != null && found != b.negated()) {
                    Optional<MapMatch> m = lookup(n.body(), input);
                    if (m.isPresent()) {
                        return m;
                    }
                }
                continue;
            }
            Rule r = (Rule) n.entry();
            Matcher m = r.pattern().matcher(bounded(input));
            Boolean found = find(m, r.where());
            if (found == null || found == r.negated()) {
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

    /** The input as the matcher reads it: within the budget of {@link #MIN_STEPS} and {@link #STEPS_PER_CHAR}. */
    static CharSequence bounded(String input) {
        return new Bounded(input, MIN_STEPS + STEPS_PER_CHAR * input.length());
    }

    /** {@code m.find()}, or null when the pattern ran out of its budget or of stack on this input. */
    static Boolean find(Matcher m, String where) {
        try {
            return m.find();
        } catch (TooComplex | StackOverflowError e) {
            if (e instanceof StackOverflowError) {
                STACK_OVERFLOWS.increment(); // depends on the caller's stack depth, unlike the budget
            }
            LOG.warn("map line {}: pattern {} gave up on a line of {} characters ({}), skipped as not matching",
                    where, m.pattern(), m.regionEnd(), e instanceof TooComplex ? "too much backtracking" : "too deep");
            return null;
        }
    }

    /** A String that counts its character reads and gives up past a budget (a matcher reads through charAt). */
    private static final class Bounded implements CharSequence {
        private final String s;
        private long left;

        Bounded(String s, long budget) {
            this.s = s;
            this.left = budget;
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new TooComplex();
            }
            return s.charAt(index);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.substring(start, end); // groups, for $n: not matched any further
        }

        @Override
        public String toString() {
            return s;
        }
    }

    private static final class TooComplex extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooComplex() {
            super(null, null, false, false);
        }
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
                // a number past any group (${99999999999}) is an empty group, not a NumberFormatException
                int group = end - start > 9 ? Integer.MAX_VALUE : Integer.parseInt(result.substring(start, end));
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
