package org.mailserver.core.filter.content;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lenient reader of the {@code Date:} field (RFC 5322 3.3 date-time, with the obsolete forms of
 * RFC 5322 4.3: two- and three-digit years, named zones, missing seconds, comments, extra spaces).
 */
final class DateHeaderParser {
    private static final Pattern DATE = Pattern.compile(
            "(\\d{1,2})\\s*-?\\s*([A-Za-z]{3})[A-Za-z]*\\.?\\s*-?\\s*(\\d{2,4})\\s+(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}))?"
            + "(?:\\.\\d+)?\\s*([+-]\\d{4}|[A-Za-z]{1,5})?");
    private static final Pattern COMMENT = Pattern.compile("\\([^()]*\\)");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec");
    // RFC 5322 4.3 obs-zone; military zones other than Z "SHOULD be considered equivalent to -0000"
    private static final Map<String, Integer> ZONES = Map.ofEntries(Map.entry("UT", 0), Map.entry("UTC", 0),
            Map.entry("GMT", 0), Map.entry("Z", 0), Map.entry("EST", -5), Map.entry("EDT", -4), Map.entry("CST", -6),
            Map.entry("CDT", -5), Map.entry("MST", -7), Map.entry("MDT", -6), Map.entry("PST", -8), Map.entry("PDT", -7));

    private DateHeaderParser() {
    }

    /** The instant of a Date field's value, or null when it is not a date. */
    static ZonedDateTime parse(String value) {
        // RFC 5322 3.2.2 comments (one level); the pattern compiled once, not per message
        String v = value.indexOf('(') < 0 ? value : COMMENT.matcher(value).replaceAll(" ");
        String[] g = usual(v);
        if (g == null) {
            g = fields(v);
            if (g == null) {
                return null;
            }
        }
        int month = MONTHS.indexOf(g[1].toLowerCase(Locale.ROOT));
        if (month < 0) {
            return null;
        }
        int year = Integer.parseInt(g[2]);
        if (g[2].length() == 2) {
            year += year < 50 ? 2000 : 1900; // RFC 5322 4.3
        } else if (g[2].length() == 3) {
            year += 1900;
        }
        ZoneOffset zone = zone(g[6]);
        try {
            LocalDateTime t = LocalDateTime.of(year, month + 1, Integer.parseInt(g[0]), Integer.parseInt(g[3]),
                    Integer.parseInt(g[4]), g[5] == null ? 0 : Integer.parseInt(g[5]));
            return t.atZone(zone);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The seven groups of {@link #DATE} (day, month, year, hour, minute, second, zone; null if absent), or null. */
    static String[] fields(String v) {
        Matcher m = DATE.matcher(v);
        if (!m.find()) {
            return null;
        }
        return new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7)};
    }

    /**
     * The groups {@link #fields} finds, for the form nearly every client writes ({@code [Ddd, ]D[D] Mon
     * YYYY HH:MM:SS zone}, single spaces, a numeric or alphabetic zone ending the value), read without the
     * regular expression (which took most of the Date check's time); null for any other form.
     */
    static String[] usual(String v) {
        int n = v.length();
        int i = n >= 5 && letters(v, 0, 3) && v.charAt(3) == ',' && v.charAt(4) == ' ' ? 5 : 0;
        int day = i;
        while (i < n && i - day < 2 && digit(v.charAt(i))) {
            i++;
        }
        if (i == day || !space(v, i) || !letters(v, i + 1, 3) || !space(v, i + 4) || !digits(v, i + 5, 4)
                || !space(v, i + 9) || !digits(v, i + 10, 2) || !colon(v, i + 12) || !digits(v, i + 13, 2)
                || !colon(v, i + 15) || !digits(v, i + 16, 2) || !space(v, i + 18)) {
            return null;
        }
        int z = i + 19;
        boolean numeric = n - z == 5 && (v.charAt(z) == '+' || v.charAt(z) == '-') && digits(v, z + 1, 4);
        if (!numeric && (n - z < 1 || n - z > 5 || !letters(v, z, n - z))) {
            return null;
        }
        return new String[] {v.substring(day, i), v.substring(i + 1, i + 4), v.substring(i + 5, i + 9),
            v.substring(i + 10, i + 12), v.substring(i + 13, i + 15), v.substring(i + 16, i + 18), v.substring(z)};
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean digits(String v, int from, int count) {
        if (from + count > v.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!digit(v.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean letters(String v, int from, int count) {
        if (from + count > v.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            char c = v.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    private static boolean space(String v, int i) {
        return i < v.length() && v.charAt(i) == ' ';
    }

    private static boolean colon(String v, int i) {
        return i < v.length() && v.charAt(i) == ':';
    }

    private static ZoneOffset zone(String z) {
        if (z == null) {
            return ZoneOffset.UTC;
        }
        if (z.charAt(0) == '+' || z.charAt(0) == '-') {
            int h = Integer.parseInt(z.substring(1, 3));
            int min = Integer.parseInt(z.substring(3, 5));
            if (h > 18 || min > 59) {
                return ZoneOffset.UTC;
            }
            int sign = z.charAt(0) == '-' ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * h, sign * min);
        }
        Integer h = ZONES.get(z.toUpperCase(Locale.ROOT));
        return h == null ? ZoneOffset.UTC : ZoneOffset.ofHours(h);
    }
}
