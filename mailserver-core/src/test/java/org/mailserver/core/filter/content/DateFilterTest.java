package org.mailserver.core.filter.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailserver.core.config.Settings;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.testing.TestMessageSource;

/** The Date check (policy date) against a fixed clock, and the lenient RFC 5322 3.3 / 4.3 date reader. */
class DateFilterTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2024-06-15T12:00:00Z"), ZoneOffset.UTC);
    private final DateFilter filter = new DateFilter(new DateCheckConfig(Duration.ofDays(30), Duration.ofDays(1)), NOW);

    private FilterVerdict check(String headers) throws Exception {
        return filter.check(Stage.DATA, new FilterContext(InetAddress.getLoopbackAddress(), "h", null, "a@b.test", null,
                List.of(), TestMessageSource.of(headers + "Subject: x\n\nbody\n"), null));
    }

    @Test
    void recentDatesPass() throws Exception {
        assertEquals(FilterVerdict.CONTINUE, check("Date: Sat, 15 Jun 2024 13:30:00 +0200\n"));
        assertEquals(FilterVerdict.CONTINUE, check("Date: Fri, 17 May 2024 12:00:01 +0000\n"));
    }

    @Test
    void tooOldAndFutureDatesAreRefusedNamingThePolicy() throws Exception {
        Refusal old = assertInstanceOf(FilterVerdict.Reject.class, check("Date: Tue, 1 Jan 2019 00:00:00 +0000\n")).refusal();
        assertEquals(550, old.code());
        assertEquals("5.7.1", old.status());
        assertEquals("date", old.policy());
        assertTrue(old.text().contains("past") && old.text().endsWith("(policy date)"), old.text());
        Refusal future = assertInstanceOf(FilterVerdict.Reject.class,
                check("Date: Mon, 17 Jun 2024 12:00:00 +0000\n")).refusal();
        assertTrue(future.text().contains("future"), future.text());
    }

    @Test
    void missingOrUnreadableDatesAreNotRefused() throws Exception {
        assertEquals(FilterVerdict.CONTINUE, check(""));
        assertEquals(FilterVerdict.CONTINUE, check("Date: yesterday, around noon\n"));
        assertEquals(FilterVerdict.CONTINUE, check("Date: 31 Feb 2024 10:00:00 +0000\n"));
    }

    @Test
    void onlyTheMessageHeaderCounts() throws Exception {
        assertEquals(FilterVerdict.CONTINUE, filter.check(Stage.DATA, new FilterContext(InetAddress.getLoopbackAddress(),
                "h", null, "", null, List.of(), TestMessageSource.of("Subject: x\n\nDate: 1 Jan 2000 00:00 +0000\n"), null)));
    }

    @Test
    void obsoleteAndSloppyFormsAreRead() {
        assertEquals(ZonedDateTime.parse("1999-01-05T10:00:00-05:00").toInstant(),
                DateHeaderParser.parse("Tue, 5 Jan 99 10:00 EST").toInstant());
        assertEquals(ZonedDateTime.parse("2024-06-15T12:00:00Z").toInstant(),
                DateHeaderParser.parse(" Sat (day) , 15   June 2024\r\n 12:00:00 GMT (comment)").toInstant());
        assertEquals(ZonedDateTime.parse("2024-06-15T12:00:00-07:00").toInstant(),
                DateHeaderParser.parse("15 Jun 2024 12:00:00 -0700").toInstant());
        assertEquals(ZonedDateTime.parse("2003-06-15T12:00:00Z").toInstant(),
                DateHeaderParser.parse("Sun, 15 Jun 103 12:00:00 +0000").toInstant());
        assertNull(DateHeaderParser.parse("15 Foo 2024 12:00:00 +0000"));
    }

    @Test
    void theUsualFormIsReadAsTheRegularExpressionReadsIt() {
        assertArrayEquals(new String[] {"23", "Nov", "2026", "16", "51", "28", "GMT"},
                DateHeaderParser.usual("Mon, 23 Nov 2026 16:51:28 GMT"));
        assertArrayEquals(new String[] {"5", "jan", "2024", "09", "00", "07", "-0800"},
                DateHeaderParser.usual("5 jan 2024 09:00:07 -0800"));
        assertNull(DateHeaderParser.usual("Mon, 23 Nov 2026 16:51 GMT"), "no seconds: the regular expression reads it");
        assertNull(DateHeaderParser.usual("Mon, 23 Nov 2026 16:51:28 +0100 (CET)"));
        // whatever the usual form accepts, the regular expression reads the same way
        java.util.Random r = new java.util.Random(42);
        // the first few of each list fit the usual form; the others, and the edits, do not or may not
        String[][] parts = {{"", "Mon, ", "Thu, ", "Mon,", " ", "Mo, ", "(c) "}, {"1", "01", "23", "31", "123", "", "x"},
            {"Nov", "nov", "Foo", "June", "No", "N0v", "Dec."}, {"2026", "1999", "99", "103", "20260", "2O26"},
            {"16:51:28", "24:00:00", "6:51:28", "16:51", "16:51:28.5", "16:5:28"},
            {"GMT", "+0100", "-0800", "Z", "ABCDE", "ABCDEF", "+01", "+01000", "EST5", "", "gmt"}};
        int[] fitting = {3, 4, 3, 2, 2, 5};
        String junk = " ,:-+.()\t0123456789aZ";
        int usual = 0;
        for (int i = 0; i < 200_000; i++) {
            String[] p = new String[parts.length];
            for (int k = 0; k < parts.length; k++) {
                p[k] = parts[k][r.nextInt(10) < 8 ? r.nextInt(fitting[k]) : r.nextInt(parts[k].length)];
            }
            String v = p[0] + p[1] + " " + p[2] + " " + p[3] + " " + p[4] + " " + p[5];
            if (r.nextInt(3) == 0) {
                StringBuilder b = new StringBuilder(v);
                int edits = 1 + r.nextInt(3);
                for (int k = 0; k < edits && b.length() > 0; k++) {
                    int at = r.nextInt(b.length());
                    switch (r.nextInt(3)) {
                        case 0 -> b.setCharAt(at, junk.charAt(r.nextInt(junk.length())));
                        case 1 -> b.insert(at, junk.charAt(r.nextInt(junk.length())));
                        default -> b.deleteCharAt(at);
                    }
                }
                v = b.toString();
            }
            String[] fast = DateHeaderParser.usual(v);
            if (fast != null) {
                usual++;
                assertArrayEquals(DateHeaderParser.fields(v), fast, v);
            }
        }
        assertTrue(usual > 10_000, "the usual form was generated " + usual + " times");
    }

    @Test
    void configIsOffWhenBothLimitsAreZero() {
        assertEquals(Optional.empty(), DateCheckConfig.from(new Settings(Map.of("filter.date.max_past", "0",
                "filter.date.max_future", "0"))));
        Settings s = new Settings(Map.of());
        assertEquals(Optional.of(new DateCheckConfig(Duration.ofDays(30), Duration.ofDays(1))), DateCheckConfig.from(s));
        Settings bad = new Settings(Map.of("filter.date.max_past", "soon"));
        DateCheckConfig.from(bad);
        assertEquals(1, bad.problems().size());
    }
}
