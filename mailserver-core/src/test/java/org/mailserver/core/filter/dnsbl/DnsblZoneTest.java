package org.mailserver.core.filter.dnsbl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailserver.core.config.Settings;

/** Zone syntax, reply filters, query names and configuration, without a DNS server. */
class DnsblZoneTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void parsesPostscreenSyntax() throws Exception {
        DnsblZone z = DnsblZone.parse(" Zen.Spamhaus.org.=127.0.0.[2..11]*3 ");
        assertEquals("zen.spamhaus.org", z.zone());
        assertEquals(3, z.weight());
        assertTrue(z.filter().matches(ip("127.0.0.2")));
        assertTrue(z.filter().matches(ip("127.0.0.11")));
        assertFalse(z.filter().matches(ip("127.0.0.12")));
        assertFalse(z.filter().matches(ip("127.0.1.2")));
        DnsblZone plain = DnsblZone.parse("bl.example");
        assertEquals(1, plain.weight());
        assertTrue(plain.filter().matches(ip("127.0.0.200")));
        assertEquals(-5, DnsblZone.parse("list.dnswl.org=127.0.[0..255].[1..3]*-5").weight());
    }

    @Test
    void listsAndAlternativesInFilters() throws Exception {
        ReplyFilter f = ReplyFilter.parse("127.0.[0;1].[2;4..6]");
        assertTrue(f.matches(ip("127.0.1.5")));
        assertFalse(f.matches(ip("127.0.1.3")));
        assertFalse(f.matches(ip("127.0.2.2")));
        ReplyFilter alt = ReplyFilter.parse("127.0.0.2;127.0.1.[2..3]");
        assertTrue(alt.matches(ip("127.0.0.2")));
        assertTrue(alt.matches(ip("127.0.1.3")));
        assertFalse(alt.matches(ip("127.0.0.3")));
        assertFalse(alt.matches(ip("::1")));
    }

    @Test
    void badEntriesAreReportedNotThrownByConfig() {
        assertThrows(IllegalArgumentException.class, () -> DnsblZone.parse("zen.test=127.0.0"));
        assertThrows(IllegalArgumentException.class, () -> DnsblZone.parse("zen.test=127.0.0.[5..2]"));
        assertThrows(IllegalArgumentException.class, () -> DnsblZone.parse("zen.test=127.0.0.2..5"));
        assertThrows(IllegalArgumentException.class, () -> DnsblZone.parse("zen.test*x"));
        assertThrows(IllegalArgumentException.class, () -> DnsblZone.parse("bad zone"));
        Settings s = new Settings(Map.of("filter.rbl.zones", "zen.test, bad..zone=1", "filter.rbl.threshold", "0"));
        DnsblConfig c = DnsblConfig.from(s).orElseThrow();
        assertEquals(List.of("zen.test"), c.zones().stream().map(DnsblZone::zone).toList());
        assertEquals(2, s.problems().size(), s.problems().toString());
    }

    @Test
    void configIsOffWithoutZones() {
        Settings s = new Settings(Map.of());
        assertTrue(DnsblConfig.from(s).isEmpty());
        assertTrue(RhsblConfig.from(s).isEmpty());
        assertTrue(s.problems().isEmpty());
        Settings on = new Settings(Map.of("filter.rbl.zones", "a.test*2,b.test", "filter.rbl.threshold", "3",
                "filter.rhsbl.zones", "dbl.test", "dns.servers", "127.0.0.1:5353"));
        assertEquals(3, DnsblConfig.from(on).orElseThrow().threshold());
        assertEquals("dbl.test", RhsblConfig.from(on).orElseThrow().zones().get(0).zone());
        assertEquals(DnsblLookup.DEFAULT_DEADLINE, DnsblLookup.from(on).deadline());
        assertTrue(on.problems().isEmpty(), on.problems().toString());
        assertEquals(java.time.Duration.ofMillis(1500),
                DnsblLookup.from(new Settings(Map.of("filter.rbl.timeout", "1500ms"))).deadline());
        Settings tooLong = new Settings(Map.of("filter.rbl.timeout", "5m"));
        DnsblLookup.from(tooLong);
        assertEquals(1, tooLong.problems().size(), tooLong.problems().toString());
    }

    @Test
    void queryNamesFollowRfc5782() throws Exception {
        // RFC 5782 2.1
        assertEquals("2.0.0.127.zen.test.", QueryNames.forAddress(ip("127.0.0.2"), "zen.test"));
        // RFC 5782 2.4: the example 2001:db8:1:2:3:4:567:89ab
        assertEquals("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ugly.example.com.",
                QueryNames.forAddress(ip("2001:db8:1:2:3:4:567:89ab"), "ugly.example.com"));
        assertEquals("2.0.0.127.zen.test.", QueryNames.forAddress(ip("::ffff:127.0.0.2"), "zen.test"));
        // RFC 5782 2.3
        assertEquals("spam.test.dbl.test.", QueryNames.forDomain("Spam.Test.", "dbl.test"));
        assertNull(QueryNames.forDomain("[192.0.2.1]", "dbl.test"));
        assertNull(QueryNames.forDomain("192.0.2.1", "dbl.test"));
        assertNull(QueryNames.forDomain("localhost", "dbl.test"));
        assertNull(QueryNames.forDomain("a..b", "dbl.test"));
        assertNull(QueryNames.forDomain("x".repeat(64) + ".test", "dbl.test"));
        assertEquals("spam.test", QueryNames.domainOf("a@b@spam.test"));
        assertNull(QueryNames.domainOf(""));
        assertNull(QueryNames.domainOf(null));
    }
}
