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
        String v = value.replaceAll("\\([^()]*\\)", " "); // RFC 5322 3.2.2 comments (one level)
        Matcher m = DATE.matcher(v);
        if (!m.find()) {
            return null;
        }
        int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT));
        if (month < 0) {
            return null;
        }
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) {
            year += year < 50 ? 2000 : 1900; // RFC 5322 4.3
        } else if (m.group(3).length() == 3) {
            year += 1900;
        }
        ZoneOffset zone = zone(m.group(7));
        try {
            LocalDateTime t = LocalDateTime.of(year, month + 1, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            return t.atZone(zone);
        } catch (DateTimeException e) {
            return null;
        }
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
