package org.mailserver.store.maildir;

import java.time.Instant;

/**
 * Makes Dovecot-style unique base names {@code <secs>.M<usecs>P<pid>.<host>}.
 *
 * <p>Within the process the microsecond stamp is strictly increasing (one clock for every store
 * instance), so concurrent deliveries never make the same name; across processes the pid tells
 * them apart. Callers still create files with {@code CREATE_NEW} and retry, so a clash can only cost
 * a retry.
 */
final class UniqueNames {

    private static final Object CLOCK_LOCK = new Object();
    private static long lastMicros;

    private final String host;
    private final long pid;

    UniqueNames(String hostname) {
        this.host = escapeHost(hostname);
        this.pid = ProcessHandle.current().pid();
    }

    /** '/' and ':' cannot appear in a Maildir name; Dovecot writes them as octal escapes. */
    static String escapeHost(String hostname) {
        if (hostname == null || hostname.isEmpty()) {
            throw new IllegalArgumentException("hostname must not be empty");
        }
        StringBuilder out = new StringBuilder(hostname.length());
        for (char c : hostname.toCharArray()) {
            if (c == '/') {
                out.append("\\057");
            } else if (c == ':') {
                out.append("\\072");
            } else if (c < ' ' || c == 127) {
                throw new IllegalArgumentException("control character in hostname");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A new name stamped with the current time. */
    String next() {
        long micros = tick();
        return format(micros / 1_000_000L, micros % 1_000_000L);
    }

    /**
     * A name stamped with a given date (IMAP APPEND keeps the client's internal date, which we read
     * back from the name). The microseconds come from the process clock, so many messages appended
     * with one date still get distinct names; {@code attempt} moves them along after a clash.
     */
    String at(Instant date, int attempt) {
        return format(date.getEpochSecond(), (tick() + attempt) % 1_000_000L);
    }

    /** Microseconds since the epoch, strictly increasing within the process. */
    private static long tick() {
        synchronized (CLOCK_LOCK) {
            Instant now = Instant.now();
            lastMicros = Math.max(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000, lastMicros + 1);
            return lastMicros;
        }
    }

    private String format(long secs, long micros) {
        return secs + ".M" + micros + "P" + pid + "." + host;
    }
}
