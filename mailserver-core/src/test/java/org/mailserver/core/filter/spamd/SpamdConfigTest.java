package org.mailserver.core.filter.spamd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailserver.core.config.Settings;

class SpamdConfigTest {

    @Test
    void offWhenNoServerIsSet() {
        Settings s = new Settings(Map.of());
        assertEquals(Optional.empty(), SpamdConfig.from(s));
        assertEquals(0, s.problems().size(), s.problems().toString());
    }

    @Test
    void readsEveryKey() {
        Settings s = new Settings(Map.of("filter.spamd", "127.0.0.1:783", "filter.spamd.tag_score", "4.5",
                "filter.spamd.reject_score", "12", "filter.spamd.max_size", "1000", "filter.spamd.timeout", "10s",
                "filter.spamd.on_failure", "accept"));
        assertEquals(Optional.of(new SpamdConfig("127.0.0.1", 783, 4.5, 12.0, 1000, Duration.ofSeconds(10), false)),
                SpamdConfig.from(s));
        assertEquals(0, s.problems().size(), s.problems().toString());
    }

    @Test
    void defaultsDeferAfter30Seconds() {
        SpamdConfig c = SpamdConfig.from(new Settings(Map.of("filter.spamd", "localhost:783"))).orElseThrow();
        assertEquals(new SpamdConfig("localhost", 783, 5.0, 10.0, 524288, Duration.ofSeconds(30), true), c);
    }

    @Test
    void everyProblemIsCollected() {
        Settings s = new Settings(Map.of("filter.spamd", "nohost", "filter.spamd.tag_score", "x",
                "filter.spamd.on_failure", "maybe", "filter.spamd.timeout", "0"));
        assertEquals(Optional.empty(), SpamdConfig.from(s));
        assertEquals(4, s.problems().size(), s.problems().toString());
        assertTrue(s.problems().stream().anyMatch(p -> p.contains("defer or accept")), s.problems().toString());
    }
}
