package org.mailserver.core.filter.greylist;

import org.mailserver.core.net.Cidr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.config.Settings;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;

/** Greylisting decisions on a clock of the test's own, and its state across a restart. */
class GreylistFilterTest {
    static final class TestClock extends Clock {
        long millis = 1_700_000_000_000L;

        void advance(Duration d) {
            millis += d.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @TempDir
    Path dir;
    final TestClock clock = new TestClock();
    GreylistFilter filter;

    @AfterEach
    void close() throws Exception {
        if (filter != null) {
            filter.close();
        }
    }

    GreylistConfig config(String whitelist, int max) {
        return new GreylistConfig(Duration.ofMinutes(5), Duration.ofHours(48), Duration.ofDays(35),
                whitelist.isEmpty() ? List.of() : List.of(Cidr.parse(whitelist)), List.of("friends.test"),
                dir.resolve("state/greylist"), max);
    }

    GreylistFilter open() throws Exception {
        filter = GreylistFilter.open(config("198.51.100.0/24", 1000), clock, Duration.ofHours(1));
        return filter;
    }

    static FilterContext rcpt(String ip, String sender, String rcpt) throws Exception {
        return new FilterContext(InetAddress.getByName(ip), "mx.remote.test", null, sender, rcpt, List.of(), null, "Q1");
    }

    FilterVerdict attempt(String ip, String sender, String rcpt) throws Exception {
        return filter.check(Stage.RCPT, rcpt(ip, sender, rcpt));
    }

    static void deferred(FilterVerdict v) {
        Refusal r = assertInstanceOf(FilterVerdict.Defer.class, v).refusal();
        assertEquals(451, r.code());
        assertEquals("4.7.1", r.status());
        assertEquals("greylist", r.policy());
        assertEquals("Greylisted, please try again later (policy greylist)", r.text());
    }

    @Test
    void firstDeferredEarlyRetryDeferredThenAcceptedAndRemembered() throws Exception {
        open();
        deferred(attempt("192.0.2.10", "List@Remote.test", "bob@example.test"));
        clock.advance(Duration.ofMinutes(4));
        deferred(attempt("192.0.2.10", "list@remote.test", "bob@example.test"));
        clock.advance(Duration.ofMinutes(1));
        // the retry may come from another server of the same /24 (and the sender's case may differ)
        assertEquals(FilterVerdict.CONTINUE, attempt("192.0.2.99", "LIST@remote.test", "Bob@example.test"));
        clock.advance(Duration.ofDays(30));
        assertEquals(FilterVerdict.CONTINUE, attempt("192.0.2.10", "list@remote.test", "bob@example.test"));
        // another recipient, sender or network is a new triplet
        deferred(attempt("192.0.2.10", "list@remote.test", "erin@example.test"));
        deferred(attempt("192.0.2.10", "other@remote.test", "bob@example.test"));
        deferred(attempt("192.0.3.10", "list@remote.test", "bob@example.test"));
    }

    @Test
    void ipv6ClientsAreGroupedBySlash64() throws Exception {
        open();
        deferred(attempt("2001:db8:1:2::1", "", "bob@example.test"));
        clock.advance(Duration.ofMinutes(6));
        assertEquals(FilterVerdict.CONTINUE, attempt("2001:db8:1:2:ffff::9", "", "bob@example.test"));
        deferred(attempt("2001:db8:1:3::1", "", "bob@example.test"));
    }

    @Test
    void whitelistAndAuthenticatedSessionsSkipIt() throws Exception {
        open();
        assertEquals(FilterVerdict.CONTINUE, attempt("198.51.100.20", "a@remote.test", "bob@example.test"));
        assertEquals(FilterVerdict.CONTINUE, attempt("192.0.2.1", "a@friends.test", "bob@example.test"));
        assertEquals(FilterVerdict.CONTINUE, attempt("192.0.2.1", "a@mx.Friends.test", "bob@example.test"));
        deferred(attempt("192.0.2.1", "a@notfriends.test", "bob@example.test"));
        FilterContext auth = new FilterContext(InetAddress.getByName("192.0.2.1"), "h", "alice", "a@x.test",
                "bob@example.test", List.of(), null, "Q1");
        assertEquals(FilterVerdict.CONTINUE, filter.check(Stage.RCPT, auth));
    }

    @Test
    void entriesExpire() throws Exception {
        open();
        // a retry after the window starts over
        deferred(attempt("192.0.2.1", "a@remote.test", "bob@example.test"));
        clock.advance(Duration.ofHours(49));
        deferred(attempt("192.0.2.1", "a@remote.test", "bob@example.test"));
        clock.advance(Duration.ofMinutes(1));
        deferred(attempt("192.0.2.1", "a@remote.test", "bob@example.test"));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(FilterVerdict.CONTINUE, attempt("192.0.2.1", "a@remote.test", "bob@example.test"));
        // a passed triplet lives 35 days from its last mail
        clock.advance(Duration.ofDays(34));
        assertEquals(FilterVerdict.CONTINUE, attempt("192.0.2.1", "a@remote.test", "bob@example.test"));
        clock.advance(Duration.ofDays(34));
        assertEquals(FilterVerdict.CONTINUE, attempt("192.0.2.1", "a@remote.test", "bob@example.test"));
        clock.advance(Duration.ofDays(36));
        deferred(attempt("192.0.2.1", "a@remote.test", "bob@example.test"));
    }

    @Test
    void restartKeepsStateAndPrunesExpiredEntries() throws Exception {
        open();
        deferred(attempt("192.0.2.1", "a@remote.test", "bob@example.test"));
        clock.advance(Duration.ofMinutes(6));
        assertEquals(FilterVerdict.CONTINUE, attempt("192.0.2.1", "a@remote.test", "bob@example.test"));
        deferred(attempt("192.0.2.1", "b@remote.test", "bob@example.test"));
        clock.advance(Duration.ofMinutes(1));
        deferred(attempt("192.0.2.1", "c@remote.test", "bob@example.test"));
        filter.close();
        Path file = dir.resolve("state/greylist");
        assertEquals(4, Files.readAllLines(file).size(), "header and three triplets");
        assertTrue(Files.notExists(dir.resolve("state/greylist.tmp")));

        clock.advance(Duration.ofMinutes(4));
        open();
        assertEquals(3, filter.size());
        assertEquals(FilterVerdict.CONTINUE, attempt("192.0.2.1", "a@remote.test", "bob@example.test"));
        // b was first seen 5 minutes ago: its retry passes; c only 4 minutes ago: still too early
        assertEquals(FilterVerdict.CONTINUE, attempt("192.0.2.1", "b@remote.test", "bob@example.test"));
        deferred(attempt("192.0.2.1", "c@remote.test", "bob@example.test"));
        filter.close();

        // three days on, c's window (48 h) has passed: it is dropped at load
        clock.advance(Duration.ofDays(3));
        open();
        assertEquals(2, filter.size());
    }

    @Test
    void malformedLinesAndStaleTempFilesAreSurvived() throws Exception {
        Path file = dir.resolve("state/greylist");
        Files.createDirectories(file.getParent());
        long now = clock.millis();
        Files.writeString(file, "# mailserver greylist v1\ngarbage\n192.0.2.0/24\ta@x.test\tbob@example.test\t"
                + now + "\t" + now + "\tP\n192.0.2.0/24\tshort\n");
        Files.writeString(dir.resolve("state/greylist.tmp"), "half a snapsh");
        open();
        assertEquals(1, filter.size());
        assertEquals(FilterVerdict.CONTINUE, attempt("192.0.2.7", "a@x.test", "bob@example.test"));
        filter.save();
        assertEquals(2, Files.readAllLines(file).size());
    }

    @Test
    void memoryIsBounded() throws Exception {
        filter = GreylistFilter.open(config("", 50), clock, Duration.ofHours(1));
        for (int i = 0; i < 500; i++) {
            deferred(attempt("192.0.2.1", "s" + i + "@remote.test", "bob@example.test"));
        }
        assertTrue(filter.size() <= 50, "entries: " + filter.size());
    }

    @Test
    void configFromSettings() {
        Settings off = new Settings(Map.of());
        assertTrue(GreylistConfig.from(off).isEmpty());
        Settings s = new Settings(Map.of("filter.greylist", "true", "filter.greylist.delay", "2s",
                "filter.greylist.whitelist", "192.0.2.0/24, 2001:db8::/32, friends.test, .other.test",
                "data.dir", dir.toString()));
        GreylistConfig c = GreylistConfig.from(s).orElseThrow();
        assertTrue(s.problems().isEmpty(), s.problems().toString());
        assertEquals(Duration.ofSeconds(2), c.delay());
        assertEquals(Duration.ofDays(2), c.retryWindow());
        assertEquals(Duration.ofDays(35), c.expire());
        assertEquals(List.of("friends.test", "other.test"), c.domains());
        assertEquals(2, c.networks().size());
        assertEquals(dir.resolve("state").resolve("greylist"), c.stateFile());
        Settings bad = new Settings(Map.of("filter.greylist", "true", "filter.greylist.whitelist", "192.0.2.0/33, bad domain!",
                "filter.greylist.delay", "3d"));
        GreylistConfig.from(bad);
        assertEquals(3, bad.problems().size(), bad.problems().toString());
    }
}
