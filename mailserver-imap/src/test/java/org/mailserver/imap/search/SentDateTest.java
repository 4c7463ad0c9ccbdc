package org.mailserver.imap.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The calendar date of Date: fields, as written, for SENT* keys. */
class SentDateTest {

    @Test
    void readsTheDateAsWrittenWhateverTheZone() {
        assertEquals(LocalDate.of(2026, 2, 2), SentDate.parse("Mon, 02 Feb 2026 23:30:00 -0800"));
        assertEquals(LocalDate.of(2026, 2, 3), SentDate.parse("Tue, 3 Feb 2026 00:15:00 +0100"));
    }

    @Test
    void obsoleteForms() {
        assertEquals(LocalDate.of(2026, 2, 4), SentDate.parse("4 Feb 26 10:00 GMT"));
        assertEquals(LocalDate.of(1999, 12, 31), SentDate.parse("Fri, 31 Dec 99 23:59:59 EST"));
        assertEquals(LocalDate.of(2003, 7, 1), SentDate.parse("1 Jul 103 12:00 +0000"));
        assertEquals(LocalDate.of(2026, 3, 9), SentDate.parse("Monday,  9 March 2026 08:00:00 +0000"));
        assertEquals(LocalDate.of(2026, 3, 9), SentDate.parse("(sent) Mon (day), 9 (nine) Mar 2026 08:00 +0000 (UTC)"));
        assertEquals(LocalDate.of(2026, 3, 9), SentDate.parse("09-Mar-2026 08:00:00 +0000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sometime last week", "2026-02-03T10:00:00Z", "31 Feb 2026 10:00 +0000",
        "Mon, 32 Jan 2026 10:00 +0000", "1 Foo 2026 10:00 +0000", "Feb 3 2026"})
    void unreadableDatesAreNone(String value) {
        assertNull(SentDate.parse(value));
    }
}
