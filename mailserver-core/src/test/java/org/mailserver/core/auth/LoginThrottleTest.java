package org.mailserver.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mailserver.core.net.Cidr;

/** The lockout rules on a clock the test moves; the protocols' socket tests show them end to end. */
class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = now::get;

    private LoginThrottle throttle(int perAddress, int perUser, String... exempt) {
        return new LoginThrottle(new LoginLimits(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMinutes(15),
                perAddress, perUser, Duration.ofMinutes(10), List.of(exempt).stream().map(Cidr::parse).toList()),
                ticker);
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void delaysGrowPerAddressUpToTheMaximum() throws Exception {
        LoginThrottle t = throttle(0, 0);
        assertEquals(Duration.ofSeconds(1), t.failure(ip("192.0.2.1"), "bob").delay());
        assertEquals(Duration.ofSeconds(2), t.failure(ip("192.0.2.1"), "alice").delay());
        assertEquals(Duration.ofSeconds(3), t.failure(ip("192.0.2.1"), "bob").delay());
        assertEquals(Duration.ofSeconds(3), t.failure(ip("192.0.2.1"), "bob").delay());
        assertEquals(Duration.ofSeconds(1), t.failure(ip("192.0.2.2"), "bob").delay(), "another address starts at 1");
        assertNull(t.locked(ip("192.0.2.1"), "bob"), "0 turns lockouts off");
    }

    @Test
    void anAddressIsLockedAfterItsFailuresUntilTheLockoutTimeEnds() throws Exception {
        LoginThrottle t = throttle(3, 0);
        InetAddress a = ip("192.0.2.1");
        assertEquals(List.of(), t.failure(a, "bob").locked());
        assertEquals(List.of(), t.failure(a, "alice").locked());
        LoginThrottle.Failure third = t.failure(a, "carol");
        assertEquals(List.of(LoginThrottle.Scope.ADDRESS), third.locked());
        assertEquals(3, third.addressFailures());
        LoginThrottle.Lock lock = t.locked(a, "anyone");
        assertEquals(LoginThrottle.Scope.ADDRESS, lock.scope());
        assertEquals(Duration.ofMinutes(10), lock.remaining());
        assertNull(t.locked(ip("192.0.2.2"), "bob"), "another address is not affected");
        advance(Duration.ofMinutes(9));
        assertEquals(Duration.ofMinutes(1), t.locked(a, "bob").remaining(), "attempts do not extend a lock");
        advance(Duration.ofMinutes(1).plusMillis(1));
        assertNull(t.locked(a, "bob"));
        assertEquals(List.of(), t.failure(a, "bob").locked(), "the lock consumed the failures: counting starts again");
    }

    @Test
    void aLoginNameIsLockedOnlyAgainstAddressesThatFailed() throws Exception {
        LoginThrottle t = throttle(10, 4);
        t.failure(ip("192.0.2.1"), "Bob");
        t.failure(ip("192.0.2.2"), "bob");
        t.failure(ip("192.0.2.3"), "BOB ");
        LoginThrottle.Failure fourth = t.failure(ip("192.0.2.4"), "bob");
        assertEquals(List.of(LoginThrottle.Scope.USER), fourth.locked(), "case-folded, counted across addresses");
        assertEquals(4, fourth.userFailures());
        assertEquals(LoginThrottle.Scope.USER, t.locked(ip("192.0.2.1"), "bob").scope());
        assertEquals(LoginThrottle.Scope.USER, t.locked(ip("192.0.2.4"), "BOB").scope());
        assertNull(t.locked(ip("192.0.2.1"), "alice"), "only that name");
        assertNull(t.locked(ip("198.51.100.7"), "bob"), "a clean address may still try: the real user gets in");
        advance(Duration.ofMinutes(10).plusMillis(1));
        assertNull(t.locked(ip("192.0.2.1"), "bob"));
    }

    @Test
    void unknownAndKnownNamesCountAlikeAndLongNamesAreBounded() throws Exception {
        LoginThrottle t = throttle(0, 2);
        String longName = "x".repeat(10_000);
        t.failure(ip("192.0.2.1"), longName);
        assertEquals(List.of(LoginThrottle.Scope.USER), t.failure(ip("192.0.2.1"), longName + "y").locked(),
                "names are cut to " + LoginThrottle.MAX_LOGIN + " characters");
    }

    @Test
    void anExemptAddressIsNeverLockedByAddressButItsNamesAre() throws Exception {
        LoginThrottle t = throttle(2, 3, "127.0.0.0/8", "2001:db8::/32");
        InetAddress webmail = ip("127.0.0.1");
        for (int i = 0; i < 2; i++) {
            assertEquals(List.of(), t.failure(webmail, "user" + i).locked());
        }
        assertNull(t.locked(webmail, "user9"));
        t.failure(webmail, "carol");
        t.failure(webmail, "carol");
        assertEquals(List.of(LoginThrottle.Scope.USER), t.failure(webmail, "carol").locked());
        assertEquals(LoginThrottle.Scope.USER, t.locked(webmail, "carol").scope());
        assertNull(t.locked(ip("2001:db8::1"), "dave"));
    }
}
