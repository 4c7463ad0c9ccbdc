package org.mailserver.smtp.queue;

import java.time.Duration;
import java.util.List;

/**
 * When to try again: {@code queue.retry_intervals} gives the wait after the first, second, ...
 * failed attempt, the last one repeating; {@code queue.max_age} is how long a message may stay
 * before its pending recipients bounce (RFC 5321 4.5.4.1: give up after 4-5 days by default).
 */
public record RetryPolicy(List<Duration> intervals, Duration maxAge) {

    public RetryPolicy {
        intervals = List.copyOf(intervals);
        if (intervals.isEmpty()) {
            throw new IllegalArgumentException("queue.retry_intervals needs at least one interval");
        }
    }

    /** Postfix-like defaults: 5m, 10m, 20m, 40m, then every 70m; give up after 5 days. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(List.of(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20),
                Duration.ofMinutes(40), Duration.ofMinutes(70)), Duration.ofDays(5));
    }

    /** The wait after the {@code attempts}-th failed attempt (1-based). */
    Duration delayAfter(int attempts) {
        return intervals.get(Math.min(Math.max(attempts, 1), intervals.size()) - 1);
    }

    boolean expired(long arrivalMillis, long nowMillis) {
        return nowMillis - arrivalMillis >= maxAge.toMillis();
    }
}
