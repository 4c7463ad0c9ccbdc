package org.mailserver.imap.grammar;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The values of RFC 3501 9 that several commands share: sequence sets, dates and flags. Pure; thread-safe. */
final class ValueParser {
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");

    private ValueParser() {
    }

    /**
     * {@code sequence-set}: numbers, {@code *} and ranges, kept as sent; 0 is not a message number or
     * UID. Or {@code $}, the saved search result (RFC 5182 {@code seq-last-command}).
     */
    static SequenceSet sequenceSet(ImapReader r, String what) throws ImapSyntaxException {
        if (r.take('$')) {
            return SequenceSet.SAVED; // RFC 5182 2.1: "$" stands alone for the saved search result
        }
        List<SequenceSet.Range> ranges = new ArrayList<>();
        do {
            long low = seqNumber(r, what);
            long high = r.take(':') ? seqNumber(r, what) : low;
            ranges.add(new SequenceSet.Range(low, high));
        } while (r.take(','));
        return new SequenceSet(ranges);
    }

    private static long seqNumber(ImapReader r, String what) throws ImapSyntaxException {
        if (r.take('*')) {
            return SequenceSet.STAR;
        }
        if (!ImapReader.isDigit(r.peek())) {
            throw r.missing(what);
        }
        long n = r.number(what);
        if (n == 0) {
            throw r.error("invalid " + what + ": 0 is not a message number or UID");
        }
        return n;
    }

    /** {@code date = date-text / DQUOTE date-text DQUOTE}, as {@code 1-Feb-1994}. */
    static LocalDate date(ImapReader r, String what) throws ImapSyntaxException {
        int start = r.position();
        boolean quoted = r.take('"');
        int day = digits(r, 1, 2, what, start);
        int month = month(r, what, start);
        int year = digits(r, 4, 4, what, start);
        if (quoted) {
            expect(r, '"', what, start);
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw r.error("invalid " + what + ": no such day");
        }
    }

    /**
     * {@code date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE}, as
     * {@code " 7-Feb-1994 21:52:25 -0800"}; the day may also be one digit without its padding space.
     */
    static ZonedDateTime dateTime(ImapReader r, String what) throws ImapSyntaxException {
        int start = r.position();
        expect(r, '"', what, start);
        r.take(' ');
        int day = digits(r, 1, 2, what, start);
        int month = month(r, what, start);
        int year = digits(r, 4, 4, what, start);
        expect(r, ' ', what, start);
        int hour = digits(r, 2, 2, what, start);
        expect(r, ':', what, start);
        int minute = digits(r, 2, 2, what, start);
        expect(r, ':', what, start);
        int second = digits(r, 2, 2, what, start);
        expect(r, ' ', what, start);
        int sign = r.take('-') ? -1 : 1;
        if (sign > 0) {
            expect(r, '+', what, start);
        }
        int zone = digits(r, 4, 4, what, start);
        expect(r, '"', what, start);
        try {
            return ZonedDateTime.of(year, month, day, hour, minute, second, 0,
                    ZoneOffset.ofHoursMinutes(sign * (zone / 100), sign * (zone % 100)));
        } catch (DateTimeException e) {
            throw r.error("invalid " + what + ": " + e.getMessage());
        }
    }

    /** {@code min} to {@code max} digits; a failure is reported from where the value started. */
    private static int digits(ImapReader r, int min, int max, String what, int start) throws ImapSyntaxException {
        int v = 0;
        int n = 0;
        while (n < max && ImapReader.isDigit(r.peek())) {
            v = v * 10 + (r.peek() - '0');
            r.take((char) r.peek());
            n++;
        }
        if (n < min) {
            throw invalid(r, what, start);
        }
        return v;
    }

    /** {@code "-" date-month "-"}, the month in any case. */
    private static int month(ImapReader r, String what, int start) throws ImapSyntaxException {
        expect(r, '-', what, start);
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 3 && r.peek() > 0; i++) {
            name.append((char) r.peek());
            r.take((char) r.peek());
        }
        int month = MONTHS.indexOf(name.toString().toUpperCase(Locale.ROOT));
        if (month < 0) {
            throw invalid(r, what, start);
        }
        expect(r, '-', what, start);
        return month + 1;
    }

    private static void expect(ImapReader r, char c, String what, int start) throws ImapSyntaxException {
        if (!r.take(c)) {
            throw invalid(r, what, start);
        }
    }

    private static ImapSyntaxException invalid(ImapReader r, String what, int start) {
        r.reset(start);
        return r.missing(what);
    }

    /** {@code flag}: {@code \Seen} and other {@code "\" atom}, or a keyword atom; as sent. */
    static String flag(ImapReader r, String what) throws ImapSyntaxException {
        int start = r.position();
        String prefix = r.take('\\') ? "\\" : "";
        String atom = r.atomOrNull();
        if (atom == null) {
            r.reset(start);
            throw r.missing(what);
        }
        return prefix + atom;
    }

    /** {@code flag-list = "(" [flag *(SP flag)] ")"}. */
    static List<String> flagList(ImapReader r) throws ImapSyntaxException {
        r.expect('(', "flag list");
        List<String> flags = new ArrayList<>();
        if (r.take(')')) {
            return flags;
        }
        do {
            flags.add(flag(r, "flag"));
        } while (r.take(' '));
        r.expect(')', "closing parenthesis of the flag list");
        return flags;
    }
}
