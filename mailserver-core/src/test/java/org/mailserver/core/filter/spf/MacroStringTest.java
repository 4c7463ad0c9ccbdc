package org.mailserver.core.filter.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Macro parsing and expansion (RFC 7208 7), with the examples of RFC 7208 7.4. */
class MacroStringTest {
    /** RFC 7208 7.4: sender strong-bad@email.example.com, IPv4 192.0.2.3, IPv6 2001:db8::cb01. */
    private static MacroString.Values values(String ip) throws Exception {
        InetAddress a = InetAddress.getByName(ip);
        return letter -> switch (letter) {
            case 's' -> "strong-bad@email.example.com";
            case 'l' -> "strong-bad";
            case 'o', 'd' -> "email.example.com";
            case 'i' -> SpfAddresses.dotted(a);
            case 'c' -> SpfAddresses.readable(a);
            case 'v' -> a.getAddress().length == 4 ? "in-addr" : "ip6";
            case 'h' -> "mx.example.org";
            default -> "?";
        };
    }

    private static String expand(String spec) throws Exception {
        return MacroString.domainSpec(spec).expand(values("192.0.2.3"));
    }

    @Test
    void rfc7208Section74Examples() throws Exception {
        assertEquals("strong-bad@email.example.com", MacroString.explanation("%{s}").expand(values("192.0.2.3")));
        assertEquals("email.example.com", MacroString.explanation("%{o}").expand(values("192.0.2.3")));
        String[][] cases = {
            {"%{d}", "email.example.com"}, {"%{d4}", "email.example.com"}, {"%{d3}", "email.example.com"},
            {"%{d2}", "example.com"}, {"%{d1}", "com"}, {"%{dr}", "com.example.email"}, {"%{d2r}", "example.email"},
            {"%{l}", "strong-bad"}, {"%{l-}", "strong.bad"}, {"%{lr}", "strong-bad"}, {"%{lr-}", "bad.strong"},
            {"%{l1r-}", "strong"},
            {"%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"},
            {"%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"},
            {"%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"},
            {"%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"},
            {"%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], expand(c[0]), c[0]);
        }
        assertEquals("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com",
                MacroString.domainSpec("%{ir}.%{v}._spf.%{d2}").expand(values("2001:db8::cb01")));
    }

    @Test
    void escapesAndUpperCaseMacros() throws Exception {
        // RFC 7208 7.1: %% is a percent, %_ a space, %- a URL-encoded space
        assertEquals("macro%percent  space%20url-space.example.com",
                expand("macro%%percent%_%_space%-url-space.example.com"));
        // RFC 7208 7.3: upper-case macros are URL-escaped; the unreserved characters stay
        assertEquals("strong-bad%40email.example.com.example.com", expand("%{S}.example.com"));
        assertEquals("~jack%26jill%3Dup-a_b3.c", MacroString.urlEscape("~jack&jill=up-a_b3.c"));
        assertEquals("2001:db8::cb01 via 192.0.2.3",
                MacroString.explanation("%{c} via 192.0.2.3").expand(values("2001:db8::cb01")));
    }

    @Test
    void expandedDomainsLoseTheTrailingDotAndAreShortenedFromTheLeft() throws Exception {
        assertEquals("example.com.d.spf.example.com", MacroString.domainSpec("%{d2}.d.spf.example.com.")
                .expandDomain(values("192.0.2.3")));
        // RFC 7208 7.3: past 253 characters whole labels are removed from the left
        String label = "a".repeat(55); // 5 labels: 291 characters, 4: 235
        String spec = String.join(".", label, label, label, label, label) + ".example.com";
        String d = MacroString.domainSpec(spec).expandDomain(values("192.0.2.3"));
        assertEquals(String.join(".", label, label, label, label) + ".example.com", d);
    }

    @Test
    void syntaxErrors() {
        for (String bad : new String[] {"%(ir).sbl.example.com", "foo%(ir).sbl.example.com", "foo%.sbl.example.com",
                "%{a}.example.com", "%{r}.example.com", "%{t}.example.com", "%{c}.example.com", "%{d0}.example.com",
                "%{d2x}.example.com", "%{d.example.com", "foo.example.com%", "", "foo-bar", "museum.", "abc.123",
                "example.-com", "foo bar.example.com"}) {
            assertThrows(SpfError.class, () -> MacroString.domainSpec(bad), bad);
        }
        assertThrows(SpfError.class, () -> MacroString.explanation("The %{x}-files."));
    }

    @Test
    void explanationsMayUseEveryLetterAndSpaces() throws Exception {
        assertEquals("Connections from 192.0.2.3 not authorized.",
                MacroString.explanation("Connections from %{c} not authorized.").expand(values("192.0.2.3")));
    }
}
