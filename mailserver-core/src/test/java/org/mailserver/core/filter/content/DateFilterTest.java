package org.mailserver.core.filter.content;

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
