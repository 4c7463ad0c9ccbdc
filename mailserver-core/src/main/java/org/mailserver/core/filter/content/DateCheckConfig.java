package org.mailserver.core.filter.content;

import java.time.Duration;
import java.util.Optional;
import org.mailserver.core.config.Settings;

/** {@code filter.date.max_past} and {@code filter.date.max_future}; 0 turns a side off, both 0 the check. */
public record DateCheckConfig(Duration maxPast, Duration maxFuture) {

    public static Optional<DateCheckConfig> from(Settings s) {
        DateCheckConfig c = new DateCheckConfig(s.duration("filter.date.max_past"), s.duration("filter.date.max_future"));
        return c.maxPast.isZero() && c.maxFuture.isZero() ? Optional.empty() : Optional.of(c);
    }
}
