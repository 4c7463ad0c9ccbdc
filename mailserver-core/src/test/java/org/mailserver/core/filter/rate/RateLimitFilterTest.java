package org.mailserver.core.filter.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mailserver.core.filter.FilterChain;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.RejectionCounters;
import org.mailserver.core.filter.Stage;

/** Rate-limit decisions on a ticker of the test's own. */
class RateLimitFilterTest {
    /** Starts negative: {@link System#nanoTime} may be, and only differences may matter. */
    final AtomicLong nanos = new AtomicLong(-5_000_000_000L);

    RateLimitFilter filter(int connections, int messages) {
        return new RateLimitFilter(new RateLimitConfig(connections, messages), nanos::get);
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    static FilterContext connect(String ip) throws Exception {
        return new FilterContext(InetAddress.getByName(ip), null, null, null, null, List.of(), null, null);
    }

    static FilterContext data(String ip, String user) throws Exception {
        return new FilterContext(InetAddress.getByName(ip), "mx.remote.test", user, "a@remote.test", null,
                List.of("b@example.test"), null, "Q1");
    }

    static Refusal deferred(FilterVerdict v) {
        return assertInstanceOf(FilterVerdict.Defer.class, v).refusal();
    }

    @Test
    void connectionPastTheLimitIsDeferredWith421() throws Exception {
        RateLimitFilter f = filter(3, 0);
        for (int i = 0; i < 3; i++) {
            assertSame(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("192.0.2.7")), "connection " + (i + 1));
        }
        Refusal r = deferred(f.check(Stage.CONNECT, connect("192.0.2.7")));
        assertEquals(new Refusal(421, "4.7.0", "Too many connections from [192.0.2.7] (policy rate)", "rate",
                "connections>3/min"), r);
        deferred(f.check(Stage.CONNECT, connect("192.0.2.7"))); // and the next one too
    }

    @Test
    void messagePastTheLimitIsDeferredWith451() throws Exception {
        RateLimitFilter f = filter(0, 2);
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.DATA, data("192.0.2.7", null)));
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.DATA, data("192.0.2.7", null)));
        Refusal r = deferred(f.check(Stage.DATA, data("192.0.2.7", null)));
        assertEquals(new Refusal(451, "4.7.1", "Too many messages from [192.0.2.7], try again later (policy rate)",
                "rate", "messages>2/min"), r);
    }

    @Test
    void windowRollsOverAfterOneMinute() throws Exception {
        RateLimitFilter f = filter(2, 0);
        f.check(Stage.CONNECT, connect("192.0.2.7"));
        advance(Duration.ofSeconds(30));
        f.check(Stage.CONNECT, connect("192.0.2.7"));
        advance(Duration.ofMillis(29_999)); // 59.999 s after the window opened
        deferred(f.check(Stage.CONNECT, connect("192.0.2.7")));
        advance(Duration.ofMillis(1)); // exactly one minute: a new window with the full allowance
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("192.0.2.7")));
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("192.0.2.7")));
        deferred(f.check(Stage.CONNECT, connect("192.0.2.7")));
    }

    @Test
    void refusedAttemptsDoNotProlongTheBlock() throws Exception {
        RateLimitFilter f = filter(1, 0);
        f.check(Stage.CONNECT, connect("192.0.2.7"));
        for (int i = 0; i < 59; i++) {
            advance(Duration.ofSeconds(1));
            deferred(f.check(Stage.CONNECT, connect("192.0.2.7")));
        }
        advance(Duration.ofSeconds(1));
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("192.0.2.7")));
    }

    @Test
    void addressesAreCountedApart() throws Exception {
        RateLimitFilter f = filter(1, 1);
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("192.0.2.7")));
        deferred(f.check(Stage.CONNECT, connect("192.0.2.7")));
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("192.0.2.8")));
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("2001:db8::1")));
        Refusal r = deferred(f.check(Stage.CONNECT, connect("2001:db8::1")));
        assertEquals("Too many connections from [2001:db8:0:0:0:0:0:1] (policy rate)", r.text());
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.DATA, data("192.0.2.8", null)));
        deferred(f.check(Stage.DATA, data("192.0.2.8", null)));
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.DATA, data("192.0.2.9", null)));
    }

    @Test
    void connectionsAndMessagesAreCountedApart() throws Exception {
        RateLimitFilter f = filter(2, 2);
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("192.0.2.7")));
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("192.0.2.7")));
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.DATA, data("192.0.2.7", null)));
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.DATA, data("192.0.2.7", null)));
        assertEquals(421, deferred(f.check(Stage.CONNECT, connect("192.0.2.7"))).code());
        assertEquals(451, deferred(f.check(Stage.DATA, data("192.0.2.7", null))).code());
    }

    @Test
    void authenticatedSessionsAreNeitherLimitedNorCounted() throws Exception {
        RateLimitFilter f = filter(1, 1);
        for (int i = 0; i < 10; i++) {
            assertSame(FilterVerdict.CONTINUE, f.check(Stage.DATA, data("192.0.2.7", "alice")));
        }
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.DATA, data("192.0.2.7", null)));
        deferred(f.check(Stage.DATA, data("192.0.2.7", null)));
        assertSame(FilterVerdict.CONTINUE, f.check(Stage.DATA, data("192.0.2.7", "alice")));
    }

    @Test
    void zeroTurnsEachLimitOff() throws Exception {
        RateLimitFilter messagesOnly = filter(0, 1);
        assertEquals(Set.of(Stage.DATA), messagesOnly.stages());
        RateLimitFilter connectionsOnly = filter(1, 0);
        assertEquals(Set.of(Stage.CONNECT), connectionsOnly.stages());
        for (int i = 0; i < 100; i++) {
            assertSame(FilterVerdict.CONTINUE, messagesOnly.check(Stage.CONNECT, connect("192.0.2.7")));
            if (i > 0) {
                assertSame(FilterVerdict.CONTINUE, connectionsOnly.check(Stage.DATA, data("192.0.2.7", null)));
            }
        }
        assertEquals(Set.of(Stage.CONNECT, Stage.DATA), filter(1, 1).stages());
        assertEquals("rate", messagesOnly.policy());
    }

    @Test
    void otherStagesAndUnknownClientsPass() throws Exception {
        RateLimitFilter f = filter(1, 1);
        FilterContext noClient = new FilterContext(null, null, null, null, null, List.of(), null, null);
        for (int i = 0; i < 3; i++) {
            assertSame(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, noClient));
            assertSame(FilterVerdict.CONTINUE, f.check(Stage.RCPT, data("192.0.2.7", null)));
        }
        assertEquals(0, f.size());
    }

    @Test
    void idleAddressesAreForgottenAfterTwoMinutes() throws Exception {
        RateLimitFilter f = filter(5, 0);
        f.check(Stage.CONNECT, connect("192.0.2.7"));
        f.check(Stage.CONNECT, connect("192.0.2.8"));
        advance(Duration.ofSeconds(90));
        f.check(Stage.CONNECT, connect("192.0.2.8"));
        assertEquals(2, f.size());
        advance(Duration.ofSeconds(31)); // .7 idle for 2:01, .8 for 0:31
        assertEquals(1, f.size());
        advance(Duration.ofMinutes(2));
        assertEquals(0, f.size());
    }

    @Test
    void trackedAddressesAreBounded() throws Exception {
        RateLimitFilter f = new RateLimitFilter(new RateLimitConfig(5, 0, 100), nanos::get);
        for (int i = 0; i < 1000; i++) {
            f.check(Stage.CONNECT, connect("10.0." + (i / 256) + "." + (i % 256)));
        }
        assertTrue(f.size() <= 100, "size " + f.size());
    }

    @Test
    void concurrentSessionsOfOneAddressLoseNoCount() throws Exception {
        int threads = 8;
        int each = 1000;
        RateLimitFilter f = filter(threads * each / 2, 0);
        FilterContext c = connect("192.0.2.7");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> passed = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                passed.add(pool.submit(() -> {
                    start.await();
                    int n = 0;
                    for (int i = 0; i < each; i++) {
                        if (f.check(Stage.CONNECT, c) == FilterVerdict.CONTINUE) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> p : passed) {
                total += p.get();
            }
            assertEquals(threads * each / 2, total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void chainCountsAndStopsOnTheRefusal() throws Exception {
        RejectionCounters counters = new RejectionCounters();
        FilterChain chain = new FilterChain(List.of(filter(1, 0)), counters);
        assertSame(FilterVerdict.CONTINUE, chain.run(Stage.CONNECT, connect("192.0.2.7")));
        assertEquals(421, deferred(chain.run(Stage.CONNECT, connect("192.0.2.7"))).code());
        assertEquals(Map.of("rate", 1L), counters.snapshot());
    }
}
