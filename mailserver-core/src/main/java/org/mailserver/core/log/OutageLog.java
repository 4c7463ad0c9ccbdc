package org.mailserver.core.log;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The log of one dependency's outages (the directory, spamd, clamd, the DNSBL servers): a WARN
 * naming it when it first fails, then at most one WARN per interval with the number of failures
 * since, and an INFO when it answers again with how long it was down. The failures in between go to
 * DEBUG, so a server under load logs an outage in a few lines, not one per message or login (each
 * message's own 4xx is in the mail log already). No stack traces: the cause's class and message say
 * enough, and an outage is not a bug.
 *
 * <p>Thread-safe; never blocks beyond a short lock; {@link #success()} costs one volatile read while
 * the dependency is up.
 */
public final class OutageLog {
    /** How often an outage that goes on is logged again. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final String dependency;
    private final String consequence;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private volatile boolean down;
    private long downSince;
    private long lastWarn;
    private long failures;

    /**
     * @param dependency what failed, with its address, e.g. {@code clamd at 127.0.0.1:3310}
     * @param consequence what the server does meanwhile, e.g. {@code deferring mail with 451 4.7.1}
     */
    public OutageLog(Logger log, String dependency, String consequence) {
        this(log, dependency, consequence, DEFAULT_INTERVAL, System::nanoTime);
    }

    /** For tests: explicit interval and clock. */
    public OutageLog(Logger log, String dependency, String consequence, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.dependency = dependency;
        this.consequence = consequence;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** A call to the dependency failed; {@code why} is the cause, e.g. {@code ConnectException: Connection refused}. */
    public void failure(String why) {
        long now = nanoClock.getAsLong();
        boolean first = false;
        boolean again = false;
        long total;
        long downFor;
        synchronized (this) {
            if (!down) {
                down = true;
                first = true;
                downSince = now;
                lastWarn = now;
                failures = 0;
            } else if (now - lastWarn >= intervalNanos) {
                again = true;
                lastWarn = now;
            }
            total = ++failures;
            downFor = now - downSince;
        }
        String clean = MailLog.clean(why);
        if (first) {
            log.warn("{} unavailable: {}; {} until it answers", dependency, clean, consequence);
        } else if (again) {
            log.warn("{} still unavailable after {}: {} failures so far; last: {}", dependency, seconds(downFor),
                    total, clean);
        } else {
            log.debug("{} unavailable ({} failures so far): {}", dependency, total, clean);
        }
    }

    /** A call to the dependency got an answer: ends the outage, if there was one. */
    public void success() {
        if (!down) {
            return;
        }
        long downFor;
        long total;
        synchronized (this) {
            if (!down) {
                return;
            }
            down = false;
            downFor = nanoClock.getAsLong() - downSince;
            total = failures;
        }
        log.info("{} available again after {} down ({} failures)", dependency, seconds(downFor), total);
    }

    /** Whether the last call failed. */
    public boolean down() {
        return down;
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1fs", nanos / 1e9);
    }
}
