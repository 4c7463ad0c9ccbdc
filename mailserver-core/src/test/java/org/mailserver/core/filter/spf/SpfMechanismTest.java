package org.mailserver.core.filter.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailserver.core.filter.spf.SpfResult.FAIL;
import static org.mailserver.core.filter.spf.SpfResult.NEUTRAL;
import static org.mailserver.core.filter.spf.SpfResult.PASS;
import static org.mailserver.core.filter.spf.SpfResult.PERMERROR;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The a, mx, ptr, exists, ip4 and ip6 mechanisms (RFC 7208 5.3-5.7) with IPv4, IPv6 and IPv4-mapped
 * clients, against a real DNS server; cases from the openspf/pyspf RFC 7208 test suite.
 */
class SpfMechanismTest {
    private SpfTestZone zone;

    @BeforeEach
    void start() throws Exception {
        zone = new SpfTestZone();
        zone.a("mail.example.com", "1.2.3.4");
    }

    @AfterEach
    void stop() {
        zone.close();
    }

    private void assertResult(SpfResult expected, String ip, String mailFrom) throws Exception {
        assertEquals(expected, zone.result(ip, mailFrom), ip + " " + mailFrom);
    }

    @Test
    void aMechanismWithDualCidrLengths() throws Exception {
        zone.txt("e1.example.com", "v=spf1 a/0 -all")
                .a("e2.example.com", "1.1.1.1", "1234::2").txt("e2.example.com", "v=spf1 a/0 -all")
                .a("e2a.example.com", "1234::1").txt("e2a.example.com", "v=spf1 a//0 -all")
                .a("e2b.example.com", "1.1.1.1").txt("e2b.example.com", "v=spf1 a//0 -all")
                .a("ipv6.example.com", "1234::1", "1.1.1.1").txt("ipv6.example.com", "v=spf1 a -all")
                .txt("e6.example.com", "v=spf1 a//33 -all").txt("e6a.example.com", "v=spf1 a/33 -all")
                .txt("e7.example.com", "v=spf1 a//129 -all")
                .a("e8.example.com", "1.2.3.5", "2001:db8:1234::dead:beef").txt("e8.example.com", "v=spf1 a/24//64 -all")
                .a("e8a.example.com", "1.2.3.5", "2001:db8:1234::dead:beef").txt("e8a.example.com", "v=spf1 a/24 -all")
                .a("e8b.example.com", "1.2.3.5", "2001:db8:1234::dead:beef").txt("e8b.example.com", "v=spf1 a//64 -all")
                .a("e8e.example.com", "1.2.3.5").txt("e8e.example.com", "v=spf1 a/24/64 -all")
                .txt("e10.example.com", "v=spf1 a:foo.example.com/24").a("foo.example.com", "1.1.1.1", "1.2.3.5");
        assertResult(FAIL, "1.2.3.4", "foo@e1.example.com"); // a-nxdomain (5.3/3)
        assertResult(PASS, "1.2.3.4", "foo@e2.example.com"); // a-cidr4-0
        assertResult(FAIL, "1234::1", "foo@e2.example.com"); // a-cidr4-0-ip6
        assertResult(FAIL, "1.2.3.4", "foo@e2a.example.com"); // a-cidr6-0-ip4
        assertResult(FAIL, "::FFFF:1.2.3.4", "foo@e2a.example.com"); // a-cidr6-0-ip4mapped
        assertResult(PASS, "1234::1", "foo@e2a.example.com"); // a-cidr6-0-ip6
        assertResult(FAIL, "1234::1", "foo@e2b.example.com"); // a-cidr6-0-nxdomain
        assertResult(PASS, "1234::1", "foo@ipv6.example.com"); // a-ip6-dualstack
        assertResult(FAIL, "1.2.3.4", "foo@e6.example.com"); // a-cidr6 (5.3/2)
        assertResult(PERMERROR, "1.2.3.4", "foo@e6a.example.com"); // a-bad-cidr4
        assertResult(PERMERROR, "1.2.3.4", "foo@e7.example.com"); // a-bad-cidr6
        assertResult(PASS, "1.2.3.4", "foo@e8.example.com"); // a-dual-cidr-ip4-match
        assertResult(PASS, "2001:db8:1234::cafe:babe", "foo@e8.example.com"); // a-dual-cidr-ip6-match
        assertResult(FAIL, "2001:db8:1234::cafe:babe", "foo@e8a.example.com"); // a-dual-cidr-ip6-default
        assertResult(FAIL, "1.2.3.4", "foo@e8b.example.com"); // a-dual-cidr-ip4-default
        assertResult(PERMERROR, "1.2.3.4", "foo@e8e.example.com"); // a-dual-cidr-ip4-err
        assertResult(PASS, "1.2.3.4", "foo@e10.example.com"); // a-multi-ip1
    }

    @Test
    void domainSpecsMustEndInAValidTopLabel() throws Exception {
        zone.txt("e3.example.com", "v=spf1 a:foo.example.com\0").txt("e4.example.com", "v=spf1 a:111.222.33.44")
                .txt("e5.example.com", "v=spf1 a:abc.123").txt("e5a.example.com", "v=spf1 a:museum")
                .txt("e5b.example.com", "v=spf1 a:museum.").txt("e9.example.com", "v=spf1 a:example.com:8080")
                .txt("e11.example.com", "v=spf1 a:foo:bar/baz.example.com").a("foo:bar/baz.example.com", "1.2.3.4")
                .txt("e12.example.com", "v=spf1 a:example.-com").txt("e13.example.com", "v=spf1 a:")
                .txt("e14.example.com", "v=spf1 a:foo.example.xn--zckzah -all").a("foo.example.xn--zckzah", "1.2.3.4");
        for (String d : new String[] {"e3", "e4", "e5", "e5a", "e5b", "e9", "e12", "e13"}) {
            // a-null, a-numeric, a-numeric-toplabel, a-only-toplabel(-trailing-dot), a-bad-domain, a-bad-toplabel,
            // a-empty-domain (7.1/2, 5.3/2)
            assertResult(PERMERROR, "1.2.3.4", "foo@" + d + ".example.com");
        }
        assertResult(PASS, "1.2.3.4", "foo@e11.example.com"); // a-colon-domain
        assertResult(PASS, "::FFFF:1.2.3.4", "foo@e11.example.com"); // a-colon-domain-ip4mapped
        assertResult(PASS, "1.2.3.4", "foo@e14.example.com"); // a-dash-in-toplabel
    }

    @Test
    void mxMechanism() throws Exception {
        zone.txt("e1.example.com", "v=spf1 mx/0 -all").mx("e1.example.com", 0, "e1.example.com")
                .a("e2.example.com", "1.1.1.1", "1234::2").mx("e2.example.com", 0, "e2.example.com")
                .txt("e2.example.com", "v=spf1 mx/0 -all")
                .a("e2a.example.com", "1234::1").mx("e2a.example.com", 0, "e2a.example.com")
                .txt("e2a.example.com", "v=spf1 mx//0 -all")
                .txt("e4.example.com", "v=spf1 mx").a("e4.example.com", "1.2.3.4")
                .txt("e6.example.com", "v=spf1 mx//33 -all").txt("e6a.example.com", "v=spf1 mx/33 -all")
                .txt("e10.example.com", "v=spf1 mx:foo.example.com/24").mx("foo.example.com", 0, "foo1.example.com")
                .a("foo1.example.com", "1.1.1.1", "1.2.3.5")
                .txt("e11.example.com", "v=spf1 mx:foo:bar/baz.example.com")
                .mx("foo:bar/baz.example.com", 0, "foo:bar/baz.example.com").a("foo:bar/baz.example.com", "1.2.3.4")
                .txt("nullmx.example.com", "v=spf1 mx").mx("nullmx.example.com", 0, "");
        assertResult(FAIL, "1.2.3.4", "foo@e1.example.com"); // mx-nxdomain (5.4/3)
        assertResult(PASS, "1.2.3.4", "foo@e2.example.com"); // mx-cidr4-0
        assertResult(FAIL, "1234::1", "foo@e2.example.com"); // mx-cidr4-0-ip6
        assertResult(FAIL, "1.2.3.4", "foo@e2a.example.com"); // mx-cidr6-0-ip4
        assertResult(FAIL, "::FFFF:1.2.3.4", "foo@e2a.example.com"); // mx-cidr6-0-ip4mapped
        assertResult(PASS, "1234::1", "foo@e2a.example.com"); // mx-cidr6-0-ip6
        assertResult(NEUTRAL, "1.2.3.4", "foo@e4.example.com"); // mx-implicit: no A fallback (5.4/4)
        assertResult(FAIL, "1.2.3.4", "foo@e6.example.com"); // mx-cidr6
        assertResult(PERMERROR, "1.2.3.4", "foo@e6a.example.com"); // mx-bad-cidr4
        assertResult(PASS, "1.2.3.4", "foo@e10.example.com"); // mx-multi-ip1
        assertResult(PASS, "1.2.3.4", "foo@e11.example.com"); // mx-colon-domain
        assertResult(NEUTRAL, "1.2.3.4", "foo@nullmx.example.com"); // mx-empty: a null MX names no host
    }

    @Test
    void ptrMechanismUsesValidatedNamesOnly() throws Exception {
        zone.a("mail.example.com", "2001:db8::1")
                .txt("e1.example.com", "v=spf1 ptr/0 -all").txt("e2.example.com", "v=spf1 ptr:example.com -all")
                .ptr("1.2.3.4", "e3.example.com", "e4.example.com", "mail.example.com")
                .ptr("cafe:babe::1", "e3.example.com").ptr("2001:db8::1", "mail.Example.com")
                .txt("e3.example.com", "v=spf1 ptr -all").a("e3.example.com", "1.2.3.4", "CAFE:BABE::1")
                .txt("e4.example.com", "v=spf1 ptr -all").txt("e5.example.com", "v=spf1 ptr:")
                .txt("e6.example.com", "v=spf1 ptr:example.Com -all");
        assertResult(PERMERROR, "1.2.3.4", "foo@e1.example.com"); // ptr-cidr (5.5/2)
        assertResult(PASS, "1.2.3.4", "foo@e2.example.com"); // ptr-match-target (5.5/5)
        assertResult(PASS, "1.2.3.4", "foo@e3.example.com"); // ptr-match-implicit
        assertResult(FAIL, "1.2.3.4", "foo@e4.example.com"); // ptr-nomatch-invalid: no A back to the client
        assertResult(PASS, "CAFE:BABE::1", "foo@e3.example.com"); // ptr-match-ip6
        assertResult(PERMERROR, "1.2.3.4", "foo@e5.example.com"); // ptr-empty-domain
        assertResult(PASS, "2001:db8::1", "bar@e6.example.com"); // ptr-case-change
    }

    @Test
    void existsMechanismAlwaysAsksForA() throws Exception {
        zone.a("mail6.example.com", "CAFE:BABE::4")
                .txt("e1.example.com", "v=spf1 exists:").txt("e2.example.com", "v=spf1 exists")
                .txt("e3.example.com", "v=spf1 exists:mail.example.com/24")
                .txt("e4.example.com", "v=spf1 exists:mail.example.com")
                .txt("e5.example.com", "v=spf1 exists:mail6.example.com -all");
        assertResult(PERMERROR, "1.2.3.4", "foo@e1.example.com"); // exists-empty-domain (5.7/2)
        assertResult(PERMERROR, "1.2.3.4", "foo@e2.example.com"); // exists-implicit
        assertResult(PERMERROR, "1.2.3.4", "foo@e3.example.com"); // exists-cidr
        assertResult(PASS, "1.2.3.4", "foo@e4.example.com"); // exists-ip4 (5.7/3)
        assertResult(PASS, "CAFE:BABE::3", "foo@e4.example.com"); // exists-ip6
        assertResult(FAIL, "CAFE:BABE::3", "foo@e5.example.com"); // exists-ip6only
    }

    @Test
    void ip4Mechanism() throws Exception {
        zone.txt("e1.example.com", "v=spf1 ip4:1.1.1.1/0 -all").txt("e2.example.com", "v=spf1 ip4:1.2.3.4/32 -all")
                .txt("e3.example.com", "v=spf1 ip4:1.2.3.4/33 -all").txt("e4.example.com", "v=spf1 ip4:1.2.3.4/032 -all")
                .txt("e5.example.com", "v=spf1 ip4").txt("e6.example.com", "v=spf1 ip4:1.2.3.4//32")
                .txt("e7.example.com", "v=spf1 -ip4:1.2.3.4 ip6:::FFFF:1.2.3.4")
                .txt("e8.example.com", "v=spf1 ip4:1.2.3.4:8080").txt("e9.example.com", "v=spf1 ip4:1.2.3")
                .txt("e10.example.com", "v=spf1 ip4:192.0.2.0/24 -all");
        assertResult(PASS, "1.2.3.4", "foo@e1.example.com"); // cidr4-0 (5.6/2)
        assertResult(PASS, "1.2.3.4", "foo@e2.example.com"); // cidr4-32
        for (String d : new String[] {"e3", "e4", "e5", "e6", "e8", "e9"}) {
            // cidr4-33, cidr4-032, bare-ip4, ip4-dual-cidr, bad-ip4-port, bad-ip4-short (5.6/2, 5.6/4)
            assertResult(PERMERROR, "1.2.3.4", "foo@" + d + ".example.com");
        }
        assertResult(FAIL, "::FFFF:1.2.3.4", "foo@e7.example.com"); // ip4-mapped-ip6: treated as IPv4 (5/9/2)
        assertResult(PASS, "192.0.2.200", "foo@e10.example.com");
        assertResult(FAIL, "192.0.3.1", "foo@e10.example.com");
        assertResult(FAIL, "2001:db8::1", "foo@e10.example.com");
    }

    @Test
    void ip6Mechanism() throws Exception {
        zone.txt("e1.example.com", "v=spf1 -all ip6").txt("e2.example.com", "v=spf1 ip6:::1.1.1.1/0")
                .txt("e3.example.com", "v=spf1 ip6:::1.1.1.1/129").txt("e4.example.com", "v=spf1 ip6:::1.1.1.1//33")
                .txt("e5.example.com", "v=spf1 ip6:Cafe:Babe:8000::/33").txt("e6.example.com", "v=spf1 ip6::CAFE::BABE")
                .txt("e7.example.com", "v=spf1 ip6:2001:db8::/32 -all");
        assertResult(PERMERROR, "1.2.3.4", "foo@e1.example.com"); // bare-ip6 (5.6/2)
        assertResult(NEUTRAL, "1.2.3.4", "foo@e2.example.com"); // cidr6-0-ip4 (5/9/2)
        assertResult(NEUTRAL, "::FFFF:1.2.3.4", "foo@e2.example.com"); // cidr6-ip4
        assertResult(PASS, "DEAF:BABE::CAB:FEE", "foo@e2.example.com"); // cidr6-0
        assertResult(PERMERROR, "1.2.3.4", "foo@e3.example.com"); // cidr6-129
        assertResult(PERMERROR, "1.2.3.4", "foo@e4.example.com"); // cidr6-bad
        assertResult(PASS, "CAFE:BABE:8000::", "foo@e5.example.com"); // cidr6-33
        assertResult(NEUTRAL, "1.2.3.4", "foo@e5.example.com"); // cidr6-33-ip4
        assertResult(PERMERROR, "1.2.3.4", "foo@e6.example.com"); // ip6-bad1
        assertResult(PASS, "2001:db8:ffff::25", "foo@e7.example.com");
        assertResult(FAIL, "2001:db9::25", "foo@e7.example.com");
    }
}
