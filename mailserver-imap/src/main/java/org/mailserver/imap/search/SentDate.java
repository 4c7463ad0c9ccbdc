package org.mailserver.imap.search;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calendar date of a {@code Date:} field for SENTBEFORE, SENTON and SENTSINCE, which compare
 * dates "disregarding time and timezone" (RFC 3501 6.4.4): the day, month and year as written,
 * whatever the zone. Read leniently (RFC 5322 3.3 and the obsolete forms of 4.3: comments, a
 * missing or misspelt day of week, two- and three-digit years, long month names); a value without
 * a day, month name and year is no date.
 */
final class SentDate {

    private static final Pattern DATE = Pattern.compile(
            "(?:^|[\\s,])(\\d{1,2})[\\s-]+([A-Za-z]{3})[A-Za-z]*\\.?[\\s-]+(\\d{2,4})(?=$|[\\s,])");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec");

    private SentDate() {
    }

    /** The date, or null when the value has none. */
    static LocalDate parse(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = DATE.matcher(withoutComments(value));
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
        try {
            return LocalDate.of(year, month + 1, Integer.parseInt(m.group(1)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** RFC 5322 3.2.2 comments, nested ones included, as a space. */
    private static String withoutComments(String value) {
        if (value.indexOf('(') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int depth = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && depth > 0) {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
                if (depth == 0) {
                    out.append(' ');
                }
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
