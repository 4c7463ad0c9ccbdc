package org.mailserver.core.filter.maps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a Postfix {@code regexp:} table (regexp_table(5)) so that existing maps work as they are:
 * {@code #} comments and blank lines; a line starting with whitespace continues the previous one;
 * {@code /pattern/flags result} and {@code !/pattern/flags result}; {@code if /pattern/flags} ...
 * {@code endif}, nested. Any non-alphanumeric delimiter may replace {@code /}. Flags: {@code i}
 * toggles case-insensitivity (on by default, as in Postfix), {@code m} toggles multi-line mode;
 * {@code x} (basic regular expressions) is not supported. POSIX classes such as {@code [:alpha:]}
 * are translated to Java's. Every error names {@code file:line}.
 */
public final class RegexpMapParser {
    private static final String[][] POSIX_CLASSES = {
        {"[:alpha:]", "\\p{Alpha}"}, {"[:digit:]", "\\p{Digit}"}, {"[:alnum:]", "\\p{Alnum}"},
        {"[:upper:]", "\\p{Upper}"}, {"[:lower:]", "\\p{Lower}"}, {"[:space:]", "\\s"},
        {"[:punct:]", "\\p{Punct}"}, {"[:print:]", "\\p{Print}"}, {"[:graph:]", "\\p{Graph}"},
        {"[:cntrl:]", "\\p{Cntrl}"}, {"[:xdigit:]", "\\p{XDigit}"}, {"[:blank:]", "\\p{Blank}"}};

    private RegexpMapParser() {
    }

    public static RegexpMap parse(Path file) throws MapException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), r);
        } catch (IOException e) {
            throw new MapException(file + ": cannot read: " + e.getMessage());
        }
    }

    public static RegexpMap parse(String name, Reader reader) throws MapException, IOException {
        BufferedReader in = new BufferedReader(reader);
        Deque<List<RegexpMap.Entry>> open = new ArrayDeque<>();
        Deque<Object[]> ifs = new ArrayDeque<>(); // {Pattern, Boolean negated, Integer line}
        List<RegexpMap.Entry> top = new ArrayList<>();
        open.push(top);
        StringBuilder logical = null;
        int logicalLine = 0;
        int lineNo = 0;
        for (String raw = in.readLine(); ; raw = in.readLine()) {
            lineNo++;
            if (raw != null && (raw.isBlank() || raw.strip().startsWith("#"))) {
                continue; // regexp_table(5): ignored, also between a line and its continuation
            }
            boolean continuation = raw != null && Character.isWhitespace(raw.charAt(0));
            if (continuation && logical != null) {
                logical.append(' ').append(raw.strip());
                continue;
            }
            if (logical != null) {
                line(name, logicalLine, logical.toString(), open, ifs);
                logical = null;
            }
            if (raw == null) {
                break;
            }
            String t = raw.strip();
            if (continuation) {
                throw new MapException(name + ":" + lineNo + ": continuation line without a line to continue");
            }
            logical = new StringBuilder(t);
            logicalLine = lineNo;
        }
        if (!ifs.isEmpty()) {
            throw new MapException(name + ":" + ifs.peek()[2] + ": \"if\" without \"endif\"");
        }
        return new RegexpMap(name, top);
    }

    private static void line(String name, int lineNo, String line, Deque<List<RegexpMap.Entry>> open,
                             Deque<Object[]> ifs) throws MapException {
        String where = name + ":" + lineNo;
        if (line.equalsIgnoreCase("endif")) {
            if (ifs.isEmpty()) {
                throw new MapException(where + ": \"endif\" without \"if\"");
            }
            Object[] cond = ifs.pop();
            List<RegexpMap.Entry> body = open.pop();
            open.peek().add(new RegexpMap.IfBlock((Pattern) cond[0], (Boolean) cond[1], body));
            return;
        }
        boolean isIf = line.length() > 2 && line.regionMatches(true, 0, "if", 0, 2)
                && (Character.isWhitespace(line.charAt(2)) || line.charAt(2) == '!' || line.charAt(2) == '/');
        String rest = isIf ? line.substring(2).strip() : line;
        boolean negated = rest.startsWith("!");
        if (negated) {
            rest = rest.substring(1).stripLeading();
        }
        if (rest.isEmpty() || Character.isLetterOrDigit(rest.charAt(0)) || Character.isWhitespace(rest.charAt(0))) {
            throw new MapException(where + ": expected /pattern/ at the start of the line: " + line);
        }
        char delim = rest.charAt(0);
        int end = 1;
        // regexp_table(5): a backslash escapes the delimiter; it stays in the pattern
        while (end < rest.length() && rest.charAt(end) != delim) {
            end += rest.charAt(end) == '\\' && end + 1 < rest.length() ? 2 : 1;
        }
        if (end >= rest.length()) {
            throw new MapException(where + ": missing closing delimiter " + delim + " in: " + line);
        }
        String regex = rest.substring(1, end);
        int i = end + 1;
        int flags = Pattern.CASE_INSENSITIVE;
        for (; i < rest.length() && !Character.isWhitespace(rest.charAt(i)); i++) {
            switch (rest.charAt(i)) {
                case 'i' -> flags ^= Pattern.CASE_INSENSITIVE;
                case 'm' -> flags ^= Pattern.MULTILINE;
                case 'x' -> throw new MapException(where + ": flag x (basic regular expressions) is not supported");
                default -> throw new MapException(where + ": unknown flag " + rest.charAt(i) + " in: " + line);
            }
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(posix(regex), flags);
        } catch (PatternSyntaxException e) {
            throw new MapException(where + ": bad regular expression: " + e.getDescription() + " in: " + line);
        }
        String result = rest.substring(i).strip();
        if (isIf) {
            if (!result.isEmpty()) {
                throw new MapException(where + ": text after the pattern of \"if\": " + line);
            }
            ifs.push(new Object[] {pattern, negated, lineNo});
            open.push(new ArrayList<>());
            return;
        }
        if (result.isEmpty()) {
            throw new MapException(where + ": no action after the pattern: " + line);
        }
        if (MapAction.parse(result) == null) {
            throw new MapException(where + ": unknown action in: " + line);
        }
        if (negated && result.indexOf('$') >= 0 && result.replace("$$", "").matches(".*\\$\\{?\\d.*")) {
            throw new MapException(where + ": $n substitution in a negated pattern: " + line);
        }
        open.peek().add(new RegexpMap.Rule(pattern, negated, result, where, line));
    }

    private static String posix(String regex) {
        String r = regex;
        for (String[] c : POSIX_CLASSES) {
            r = r.replace(c[0], c[1]);
        }
        return r;
    }
}
