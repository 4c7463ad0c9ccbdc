package org.mailserver.core.filter.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailserver.core.config.Settings;

/** {@code filter.rate.*} read from settings, and every mistake reported rather than thrown. */
class RateLimitConfigTest {

    @Test
    void bothLimitsZeroByDefaultMeansNoFilter() {
        Settings s = new Settings(Map.of());
        assertEquals(Optional.empty(), RateLimitConfig.from(s));
        assertEquals(List.of(), s.problems());
    }

    @Test
    void bothLimitsZeroExplicitlyMeansNoFilter() {
        Settings s = new Settings(Map.of("filter.rate.connections", "0", "filter.rate.messages", "0"));
        assertEquals(Optional.empty(), RateLimitConfig.from(s));
        assertEquals(List.of(), s.problems());
    }

    @Test
    void connectionsOnly() {
        Settings s = new Settings(Map.of("filter.rate.connections", "3"));
        RateLimitConfig c = RateLimitConfig.from(s).orElseThrow();
        assertEquals(3, c.connections());
        assertEquals(0, c.messages());
        assertEquals(RateLimitConfig.DEFAULT_MAX_ADDRESSES, c.maxAddresses());
        assertEquals(List.of(), s.problems());
    }

    @Test
    void messagesOnly() {
        Settings s = new Settings(Map.of("filter.rate.messages", "20"));
        RateLimitConfig c = RateLimitConfig.from(s).orElseThrow();
        assertEquals(0, c.connections());
        assertEquals(20, c.messages());
        assertEquals(List.of(), s.problems());
    }

    @Test
    void largestLimitAccepted() {
        Settings s = new Settings(Map.of("filter.rate.connections", "1000000", "filter.rate.messages", "1"));
        assertEquals(new RateLimitConfig(1_000_000, 1), RateLimitConfig.from(s).orElseThrow());
        assertEquals(List.of(), s.problems());
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        Settings s = new Settings(Map.of("filter.rate.connections", "-1", "filter.rate.messages", "lots"));
        assertEquals(Optional.empty(), RateLimitConfig.from(s));
        assertEquals(List.of(
                "filter.rate.connections = '-1' is not allowed: expected a whole number from 0 to 1000000",
                "filter.rate.messages = 'lots' is not allowed: expected a whole number from 0 to 1000000"), s.problems());
    }

    @Test
    void tooLargeIsReportedAndTheOtherLimitStillRead() {
        Settings s = new Settings(Map.of("filter.rate.connections", "1000001", "filter.rate.messages", "5"));
        RateLimitConfig c = RateLimitConfig.from(s).orElseThrow();
        assertEquals(0, c.connections());
        assertEquals(5, c.messages());
        assertEquals(1, s.problems().size());
        assertTrue(s.problems().get(0).startsWith("filter.rate.connections = '1000001' is not allowed"), s.problems().toString());
    }

    @Test
    void recordRefusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimitConfig(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RateLimitConfig(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new RateLimitConfig(1, 1, 0));
    }
}
