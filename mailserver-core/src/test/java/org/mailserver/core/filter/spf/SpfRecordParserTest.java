package org.mailserver.core.filter.spf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The record grammar (RFC 7208 4.5, 4.6.1, 5, 6), without the DNS. */
class SpfRecordParserTest {

    @Test
    void aTypicalRecordParsesIntoDirectivesInOrderAndModifiers() throws Exception {
        SpfRecord r = SpfRecordParser.parse("v=spf1 +mx a:mail.%{d2}/28//64 -ip4:192.0.2.0/24 ?ip6:2001:DB8::/32"
                + " include:_spf.example.net ~exists:%{ir}.bl.example.org ptr -all redirect=_spf.example.com"
                + " exp=explain.%{d} x-note=%{h}  ");
        assertEquals(List.of("+mx", "a:mail.%{d2}/28//64", "-ip4:192.0.2.0/24", "?ip6:2001:DB8::/32",
                "include:_spf.example.net", "~exists:%{ir}.bl.example.org", "ptr", "-all"),
                r.directives().stream().map(SpfRecord.Directive::text).toList());
        assertEquals(List.of('+', '+', '-', '?', '+', '~', '+', '-'),
                r.directives().stream().map(SpfRecord.Directive::qualifier).toList());
        SpfRecord.A a = assertInstanceOf(SpfRecord.A.class, r.directives().get(1).mechanism());
        assertEquals("mail.%{d2}", a.domain().toString());
        assertEquals(28, a.cidr4());
        assertEquals(64, a.cidr6());
        SpfRecord.Mx mx = assertInstanceOf(SpfRecord.Mx.class, r.directives().get(0).mechanism());
        assertNull(mx.domain());
        assertEquals(32, mx.cidr4());
        assertEquals(128, mx.cidr6());
        SpfRecord.Ip4 ip4 = assertInstanceOf(SpfRecord.Ip4.class, r.directives().get(2).mechanism());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 0}, ip4.network());
        assertEquals(24, ip4.prefix());
        assertEquals(32, assertInstanceOf(SpfRecord.Ip6.class, r.directives().get(3).mechanism()).prefix());
        assertEquals("_spf.example.com", r.redirect().toString());
        assertEquals("explain.%{d}", r.explanation().toString());
    }

    @Test
    void recordSelectionNeedsVersionThenSpaceOrEnd() {
        assertTrue(SpfRecordParser.isSpf1("v=spf1"));
        assertTrue(SpfRecordParser.isSpf1("V=SPF1 -all"));
        assertFalse(SpfRecordParser.isSpf1("v=spf10"));
        assertFalse(SpfRecordParser.isSpf1("v=spf1mx"));
        assertFalse(SpfRecordParser.isSpf1("spf2.0/pra -all"));
    }

    @Test
    void syntaxErrorsAreRejected() {
        for (String bad : new String[] {"v=spf1 -all.", "v=spf1 -all:x", "v=spf1 all/8", "v=spf1 include",
                "v=spf1 include:", "v=spf1 a:", "v=spf1 a/33", "v=spf1 a//129", "v=spf1 a/24/64", "v=spf1 mx/032",
                "v=spf1 ptr/0", "v=spf1 exists", "v=spf1 ip4", "v=spf1 ip4:1.2.3", "v=spf1 ip4:01.2.3.4",
                "v=spf1 ip4:1.2.3.4//32", "v=spf1 ip4:256.1.1.1", "v=spf1 ip6:::1//64", "v=spf1 ip6:1.2.3.4",
                "v=spf1 ip6::CAFE::BABE", "v=spf1 foo", "v=spf1 redirect:x.example.com", "v=spf1 1up=foo",
                "v=spf1 =all", "v=spf1 exp=", "v=spf1 redirect=a.example redirect=b.example", "v=spf1 x=%",
                "v=spf1 -all\tmx", "v=spf1 a:%{r}.example.com"}) {
            assertThrows(SpfError.class, () -> SpfRecordParser.parse(bad), bad);
        }
    }
}
