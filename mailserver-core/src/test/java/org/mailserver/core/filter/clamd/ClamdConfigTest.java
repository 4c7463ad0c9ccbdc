package org.mailserver.core.filter.clamd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailserver.core.config.Settings;

class ClamdConfigTest {

    @Test
    void offWhenNoServerIsSet() {
        Settings s = new Settings(Map.of());
        assertEquals(Optional.empty(), ClamdConfig.from(s));
        assertEquals(0, s.problems().size(), s.problems().toString());
    }

    @Test
    void defaultsAndKeys() {
        assertEquals(Optional.of(new ClamdConfig("::1", 3310, 26214400, Duration.ofSeconds(60), true)),
                ClamdConfig.from(new Settings(Map.of("filter.clamd", "[::1]:3310"))));
        Settings s = new Settings(Map.of("filter.clamd", "127.0.0.1:3310", "filter.clamd.max_size", "1000",
                "filter.clamd.timeout", "500ms", "filter.clamd.on_failure", "accept"));
        assertEquals(Optional.of(new ClamdConfig("127.0.0.1", 3310, 1000, Duration.ofMillis(500), false)), ClamdConfig.from(s));
        assertEquals(0, s.problems().size(), s.problems().toString());
    }

    @Test
    void everyProblemIsCollected() {
        Settings s = new Settings(Map.of("filter.clamd", "127.0.0.1:99999", "filter.clamd.max_size", "-1",
                "filter.clamd.on_failure", "reject", "filter.clamd.timeout", "soon"));
        assertEquals(Optional.empty(), ClamdConfig.from(s));
        assertEquals(4, s.problems().size(), s.problems().toString());
    }
}
