package org.mailserver.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slows down failed logins per client address, shared by every protocol: after each failure the
 * next answer from that address is delayed a little longer (up to {@code maxDelay}); failures are
 * forgotten after {@code window} without one. The delay is applied by the protocol with the event
 * loop's scheduler, never by sleeping.
 */
public final class LoginThrottle {
    private final Cache<InetAddress, AtomicInteger> failures;
    private final Duration step;
    private final Duration maxDelay;

    public LoginThrottle(Duration step, Duration maxDelay, Duration window) {
        this.step = step;
        this.maxDelay = maxDelay;
        this.failures = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
    }

    /** Records a failed login and returns how long to wait before answering it. */
    public Duration failure(InetAddress client) {
        AtomicInteger n = failures.get(client, k -> new AtomicInteger());
        int count = n.incrementAndGet();
        failures.put(client, n); // refreshes the window
        Duration d = step.multipliedBy(count);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    /** How many failures are remembered for this address. */
    public int failures(InetAddress client) {
        AtomicInteger n = failures.getIfPresent(client);
        return n == null ? 0 : n.get();
    }

    /** A successful login does not clear the record: a guesser who hits one account keeps the delay. */
    public void success(InetAddress client) {
        // deliberately nothing; see the class comment of the operator's guide on brute force
    }
}
