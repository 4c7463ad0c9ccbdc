package org.mailserver.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.directory.User;
import org.mailserver.core.testing.PrometheusText;

/** Each family as it reads in the text format, after counting through the pre-bound children. */
class MetricsTest {
    private static final User BOB = new User("uid=bob,dc=example,dc=test", "bob", "bob@example.test", List.of(),
            AccountStatus.ACTIVE, Optional.empty(), 0, 0, List.of(), List.of(), Optional.empty());

    private final Metrics metrics = new Metrics();

    @Test
    void protocolChildrenAreBoundOnceAndReadZeroBeforeTheFirstEvent() {
        ProtocolMetrics imap = metrics.protocol("imap");
        assertSame(imap, metrics.protocol("imap"));
        PrometheusText before = PrometheusText.of(metrics);
        assertEquals(0, before.value("mailserver_logins_total", "protocol", "imap", "result", "failure"));
        assertEquals(0, before.value("mailserver_connections_open", "protocol", "imap"));

        imap.connectionOpened();
        imap.connectionOpened();
        imap.connectionOpened();
        imap.connectionRefused(false);
        imap.connectionClosed();
        imap.loginFailed();
        imap.loginSucceeded();
        imap.loginSucceeded();
        imap.loginTemporaryFailure();
        imap.messageReceived();
        PrometheusText t = PrometheusText.of(metrics);
        assertEquals(3, t.value("mailserver_connections_total", "protocol", "imap"));
        assertEquals(2, t.value("mailserver_connections_open", "protocol", "imap"));
        assertEquals(1, t.value("mailserver_connections_refused_total", "protocol", "imap", "reason", "address_limit"));
        assertEquals(0, t.value("mailserver_connections_refused_total", "protocol", "imap",
                "reason", "listener_limit"));
        assertEquals(2, t.value("mailserver_logins_total", "protocol", "imap", "result", "success"));
        assertEquals(1, t.value("mailserver_logins_total", "protocol", "imap", "result", "failure"));
        assertEquals(1, t.value("mailserver_logins_total", "protocol", "imap", "result", "temporary"));
        assertEquals(1, t.value("mailserver_messages_received_total", "protocol", "imap"));
        assertFalse(t.has("mailserver_logins_total", "protocol", "pop3", "result", "success"), "no protocol asked for");
    }

    @Test
    void measuredDeliveryTimesEveryCopyAndCountsTheDeliveredOnes() {
        Deque<DeliveryResult> results = new ArrayDeque<>(List.of(new DeliveryResult.Delivered("1.M1P1.host"),
                new DeliveryResult.TemporaryFailure(false, "disk"), new DeliveryResult.Delivered("2.M2P2.host")));
        LocalDelivery store = new LocalDelivery() {
            @Override
            public DeliveryResult.OverQuota checkQuota(User user, long size) {
                return null;
            }

            @Override
            public DeliveryResult deliver(User user, byte[] prefix, MessageSource message) {
                return results.pop();
            }
        };
        LocalDelivery measured = metrics.measured(store);
        for (int i = 0; i < 3; i++) {
            measured.deliver(BOB, new byte[0], null);
        }
        metrics.deferred();
        metrics.bounced();
        metrics.delivery("smtp").delivered();
        PrometheusText t = PrometheusText.of(metrics);
        assertEquals(2, t.value("mailserver_messages_delivered_total", "transport", "local"));
        assertEquals(1, t.value("mailserver_messages_delivered_total", "transport", "smtp"));
        assertEquals(3, t.value("mailserver_delivery_seconds_count", "transport", "local"));
        assertEquals(3, t.value("mailserver_delivery_seconds_bucket", "transport", "local", "le", "+Inf"));
        assertEquals(1, t.value("mailserver_messages_deferred_total"));
        assertEquals(1, t.value("mailserver_messages_bounced_total"));
    }

    @Test
    void latenciesLandInTheirBuckets() {
        long now = System.nanoTime();
        metrics.ldap("search").observeSince(now);
        metrics.ldap("bind").observeSince(now - 2_000_000_000L); // two seconds ago
        metrics.dns("relay").observeSince(now);
        PrometheusText t = PrometheusText.of(metrics);
        assertEquals(1, t.value("mailserver_ldap_seconds_count", "operation", "search"));
        assertEquals(0, t.value("mailserver_ldap_seconds_bucket", "operation", "bind", "le", "1.0"));
        assertEquals(1, t.value("mailserver_ldap_seconds_bucket", "operation", "bind", "le", "2.5"));
        assertTrue(t.value("mailserver_ldap_seconds_sum", "operation", "bind") >= 2.0);
        assertEquals(1, t.value("mailserver_dns_seconds_count", "purpose", "relay"));
    }

    @Test
    void cachesAreReadAtScrapeTimeAndARebuiltCacheReplacesTheOld() {
        Cache<String, String> first = Caffeine.newBuilder().recordStats().build();
        metrics.cache("directory_lookup", first::stats);
        first.put("a", "1");
        first.getIfPresent("a");
        first.getIfPresent("a");
        first.getIfPresent("b");
        PrometheusText t = PrometheusText.of(metrics);
        assertEquals(2, t.value("mailserver_cache_requests_total", "cache", "directory_lookup", "result", "hit"));
        assertEquals(1, t.value("mailserver_cache_requests_total", "cache", "directory_lookup", "result", "miss"));

        Cache<String, String> second = Caffeine.newBuilder().recordStats().build();
        metrics.cache("directory_lookup", second::stats);
        second.getIfPresent("a");
        t = PrometheusText.of(metrics); // parsing fails on a series reported twice
        assertEquals(0, t.value("mailserver_cache_requests_total", "cache", "directory_lookup", "result", "hit"));
        assertEquals(1, t.value("mailserver_cache_requests_total", "cache", "directory_lookup", "result", "miss"));
    }

    @Test
    void queueGaugesReadTheRegisteredQueue() {
        assertFalse(PrometheusText.of(metrics).has("mailserver_queue_messages"), "no queue yet");
        metrics.queue(new Metrics.QueueGauge() {
            @Override
            public long messages() {
                return 4;
            }

            @Override
            public double oldestAgeSeconds() {
                return 90.5;
            }
        });
        PrometheusText t = PrometheusText.of(metrics);
        assertEquals(4, t.value("mailserver_queue_messages"));
        assertEquals(90.5, t.value("mailserver_queue_oldest_age_seconds"));
    }

    @Test
    void componentsAreBuiltOncePerRegistry() {
        AtomicInteger built = new AtomicInteger();
        Object a = metrics.component(StringBuilder.class, m -> {
            built.incrementAndGet();
            return new StringBuilder();
        });
        Object b = metrics.component(StringBuilder.class, m -> new StringBuilder());
        assertSame(a, b);
        assertEquals(1, built.get());
    }

    @Test
    void noneCountsButKeepsNoCallbacks() {
        Metrics none = Metrics.none();
        assertSame(none, Metrics.none());
        none.cache("test_only", () -> {
            throw new AssertionError("never read");
        });
        none.protocol("pop3").loginFailed();
        PrometheusText t = PrometheusText.of(none);
        assertFalse(t.has("mailserver_cache_requests_total", "cache", "test_only", "result", "hit"));
    }
}
