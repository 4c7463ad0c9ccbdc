package org.mailserver.imap.fetch;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * INTERNALDATE values (RFC 3501 9 {@code date-time}): {@code "dd-Mon-yyyy HH:mm:ss +zzzz"} with its
 * double quotes, ready to follow {@code INTERNALDATE }; the day
 * as two digits (the {@code 2DIGIT} form of {@code date-day-fixed}), English month abbreviations
 * whatever the default locale. Pure and thread-safe.
 */
public final class InternalDates {

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    private InternalDates() {
    }

    /**
     * In UTC ({@code +0000}): a Maildir keeps only the instant of delivery (the file name's time or
     * mtime), not the zone it happened in, and UTC answers the same on every machine.
     */
    public static String format(Instant instant) {
        return format(instant, ZoneOffset.UTC);
    }

    /** In the given zone, with that zone's offset at that instant. */
    public static String format(Instant instant, ZoneId zone) {
        ZonedDateTime t = instant.atZone(zone);
        int offsetMinutes = t.getOffset().getTotalSeconds() / 60;
        char sign = offsetMinutes < 0 ? '-' : '+';
        offsetMinutes = Math.abs(offsetMinutes);
        return String.format(Locale.ROOT, "\"%02d-%s-%04d %02d:%02d:%02d %c%02d%02d\"", t.getDayOfMonth(),
                MONTHS[t.getMonthValue() - 1], t.getYear(), t.getHour(), t.getMinute(), t.getSecond(), sign,
                offsetMinutes / 60, offsetMinutes % 60);
    }
}
