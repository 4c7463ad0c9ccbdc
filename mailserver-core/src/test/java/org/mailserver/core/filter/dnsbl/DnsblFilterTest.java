package org.mailserver.core.filter.dnsbl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;

/** The rbl and rhsbl policies against a real rbldnsd. */
class DnsblFilterTest {
    @TempDir
    static Path dir;
    static Rbldnsd rbldnsd;

    @BeforeAll
    static void start() throws Exception {
        rbldnsd = Rbldnsd.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (rbldnsd != null) {
            rbldnsd.close();
        }
    }

    static FilterContext connect(String ip) throws Exception {
        return new FilterContext(InetAddress.getByName(ip), null, null, null, null, List.of(), null, null);
    }

    static FilterContext mail(String helo, String sender) throws Exception {
        return new FilterContext(InetAddress.getByName("198.51.100.7"), helo, null, sender, null, List.of(), null, "Q1");
    }

    private static DnsblFilter rbl(int threshold, String... zones) {
        List<DnsblZone> z = java.util.Arrays.stream(zones).map(DnsblZone::parse).toList();
        return new DnsblFilter(new DnsblConfig(z, threshold), new DnsblLookup(rbldnsd.servers(), Duration.ofSeconds(3)));
    }

    private static Refusal rejected(FilterVerdict v) {
        return assertInstanceOf(FilterVerdict.Reject.class, v).refusal();
    }

    @Test
    void listedClientIsRejectedNamingZonePolicyAndReason() throws Exception {
        Refusal r = rejected(rbl(1, "zen.test").check(Stage.CONNECT, connect("127.0.0.2")));
        assertEquals(554, r.code());
        assertEquals("5.7.1", r.status());
        assertEquals("rbl", r.policy());
        assertEquals("Service unavailable; client [127.0.0.2] blocked using zen.test (policy rbl); "
                + "Listed by the test DNSBL", r.text());
    }

    @Test
    void listedNetworkIsRejected() throws Exception {
        rejected(rbl(1, "zen.test").check(Stage.CONNECT, connect("192.0.2.77")));
    }

    @Test
    void unlistedClientPasses() throws Exception {
        assertEquals(FilterVerdict.CONTINUE, rbl(1, "zen.test", "bl2.test").check(Stage.CONNECT, connect("198.51.100.1")));
    }

    @Test
    void authenticatedSessionIsNotChecked() throws Exception {
        FilterContext c = new FilterContext(InetAddress.getByName("127.0.0.2"), "x", "alice", null, null, List.of(), null, null);
        assertEquals(FilterVerdict.CONTINUE, rbl(1, "zen.test").check(Stage.CONNECT, c));
    }

    @Test
    void weightsAreSummedAgainstTheThreshold() throws Exception {
        DnsblFilter two = rbl(2, "zen.test", "bl2.test");
        // 127.0.0.2 is on zen.test only: 1 < 2
        assertEquals(FilterVerdict.CONTINUE, two.check(Stage.CONNECT, connect("127.0.0.2")));
        // 192.0.2.5 is on both: 1 + 1 = 2
        Refusal r = rejected(two.check(Stage.CONNECT, connect("192.0.2.5")));
        assertTrue(r.text().contains("blocked using zen.test, bl2.test (policy rbl)"), r.text());
        // one zone weighing 2 is enough alone
        rejected(rbl(2, "zen.test*2").check(Stage.CONNECT, connect("127.0.0.2")));
        // a negative weight (an allow list) cancels a listing
        assertEquals(FilterVerdict.CONTINUE, rbl(1, "zen.test", "bl2.test*-5").check(Stage.CONNECT, connect("192.0.2.5")));
    }

    @Test
    void replyFilterSelectsWhichCodesCount() throws Exception {
        // zen.test answers 127.0.0.2, bl2.test 127.0.0.3
        assertEquals(FilterVerdict.CONTINUE, rbl(1, "zen.test=127.0.0.[3..11]").check(Stage.CONNECT, connect("127.0.0.2")));
        rejected(rbl(1, "zen.test=127.0.0.[1;2]").check(Stage.CONNECT, connect("127.0.0.2")));
        assertEquals(FilterVerdict.CONTINUE, rbl(1, "bl2.test=127.0.0.2").check(Stage.CONNECT, connect("192.0.2.5")));
        rejected(rbl(1, "bl2.test=127.0.0.[2..11]*3").check(Stage.CONNECT, connect("192.0.2.5")));
    }

    @Test
    void ipv6ClientIsAskedByNibbles() throws Exception {
        Refusal r = rejected(rbl(1, "v6.test").check(Stage.CONNECT, connect("2001:db8::25")));
        assertTrue(r.text().contains("client [2001:db8:0:0:0:0:0:25] blocked using v6.test"), r.text());
        assertEquals(FilterVerdict.CONTINUE, rbl(1, "v6.test").check(Stage.CONNECT, connect("2001:db9::25")));
    }

    @Test
    void rhsblRejectsListedSenderDomainAndHeloName() throws Exception {
        RhsblFilter f = new RhsblFilter(new RhsblConfig(List.of(DnsblZone.parse("dbl.test"))),
                new DnsblLookup(rbldnsd.servers(), Duration.ofSeconds(3)));
        Refusal r = rejected(f.check(Stage.MAIL, mail("mx.ham.test", "x@spam.test")));
        assertEquals("rhsbl", r.policy());
        assertEquals("Service unavailable; sender domain spam.test blocked using dbl.test (policy rhsbl); "
                + "Domain listed by the test RHSBL", r.text());
        r = rejected(f.check(Stage.HELO, mail("SPAM.test", null)));
        assertTrue(r.text().startsWith("Service unavailable; HELO name SPAM.test blocked using dbl.test"), r.text());
        assertEquals(FilterVerdict.CONTINUE, f.check(Stage.MAIL, mail("spam.test", "x@ham.test")));
        assertEquals(FilterVerdict.CONTINUE, f.check(Stage.MAIL, mail("spam.test", "")));
        assertEquals(FilterVerdict.CONTINUE, f.check(Stage.HELO, mail("[127.0.0.2]", null)));
        assertEquals(FilterVerdict.CONTINUE, f.check(Stage.HELO, mail("localhost", null)));
    }

    @Test
    void silentServerMeansContinueWithinTheDeadline() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            List<InetSocketAddress> servers = List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()));
            DnsblFilter f = new DnsblFilter(new DnsblConfig(List.of(DnsblZone.parse("zen.test"), DnsblZone.parse("bl2.test")), 1),
                    new DnsblLookup(servers, Duration.ofMillis(800)));
            long start = System.nanoTime();
            assertEquals(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("127.0.0.2")));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 700 && ms < 1500, "took " + ms + " ms for a deadline of 800 ms");
            RhsblFilter r = new RhsblFilter(new RhsblConfig(List.of(DnsblZone.parse("dbl.test"))),
                    new DnsblLookup(servers, Duration.ofMillis(800)));
            assertEquals(FilterVerdict.CONTINUE, r.check(Stage.MAIL, mail("x", "a@spam.test")));
        }
    }

    @Test
    void cachedAnswerIsUsedAfterTheServerStops(@TempDir Path own) throws Exception {
        Rbldnsd mine = Rbldnsd.start(own);
        DnsblLookup lookup = new DnsblLookup(mine.servers(), Duration.ofMillis(800));
        DnsblFilter f = new DnsblFilter(new DnsblConfig(List.of(DnsblZone.parse("zen.test")), 1), lookup);
        try {
            rejected(f.check(Stage.CONNECT, connect("127.0.0.2")));
            assertEquals(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("198.51.100.9")));
        } finally {
            mine.close();
        }
        long start = System.nanoTime();
        Refusal r = rejected(f.check(Stage.CONNECT, connect("127.0.0.2")));
        assertTrue(r.text().endsWith("Listed by the test DNSBL"), r.text());
        assertEquals(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("198.51.100.9")));
        assertTrue(System.nanoTime() - start < 500_000_000L, "answers did not come from the cache");
        // a name never asked is not in the cache: the stopped server makes it a timeout, not a listing
        assertEquals(FilterVerdict.CONTINUE, f.check(Stage.CONNECT, connect("192.0.2.1")));
    }
}
