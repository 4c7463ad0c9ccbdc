package org.mailserver.core.filter.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailserver.core.filter.spf.SpfResult.FAIL;
import static org.mailserver.core.filter.spf.SpfResult.PASS;
import static org.mailserver.core.filter.spf.SpfResult.PERMERROR;
import static org.mailserver.core.filter.spf.SpfResult.SOFTFAIL;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Macros in real checks (RFC 7208 7): in domain-specs that are looked up, and in exp= explanations;
 * cases from the "Macro expansion rules" of the openspf/pyspf RFC 7208 test suite.
 */
class SpfMacroTest {
    private static final String HELO = "msgbas2x.cos.example.com";
    private SpfTestZone zone;

    @BeforeEach
    void start() throws Exception {
        zone = new SpfTestZone();
        zone.txt("example.com.d.spf.example.com", "v=spf1 redirect=a.spf.example.com")
                .txt("a.spf.example.com", "v=spf1 include:o.spf.example.com. ~all")
                .txt("o.spf.example.com", "v=spf1 ip4:192.168.218.40")
                .a(HELO, "192.168.218.40").a("example.com", "192.168.90.76")
                .txt("example.com", "v=spf1 redirect=%{d}.d.spf.example.com.")
                .txt("exp.example.com", "v=spf1 exp=msg.example.com. -all").txt("msg.example.com", "This is a test.")
                .txt("e1.example.com", "v=spf1 -exists:%(ir).sbl.example.com ?all")
                .txt("e1a.example.com", "v=spf1 a:macro%%percent%_%_space%-url-space.example.com -all")
                .a("macro%percent\\032\\032space%20url-space.example.com", "1.2.3.4")
                .txt("e2.example.com", "v=spf1 -all exp=%{r}.example.com")
                .txt("e3.example.com", "v=spf1 -all exp=%{ir}.example.com")
                .txt("40.218.168.192.example.com", "Connections from %{c} not authorized.")
                .txt("e4.example.com", "v=spf1 -all exp=e4msg.example.com")
                .txt("e4msg.example.com", "%{c} is queried as %{ir}.%{v}.arpa")
                .txt("e5.example.com", "v=spf1 a:%{a}.example.com -all")
                .txt("e6.example.com", "v=spf1 -all exp=e6msg.example.com").txt("e6msg.example.com", "connect from %{p}")
                .a("mx.example.com", "192.168.218.41", "192.168.218.42", "CAFE:BABE::2", "CAFE:BABE::3")
                .ptr("192.168.218.40", "mx.example.com").ptr("192.168.218.41", "mx.example.com")
                .ptr("192.168.218.42", "mx.example.com", "mx.e7.example.com")
                .ptr("CAFE:BABE::1", "mx.example.com").ptr("CAFE:BABE::3", "mx.example.com")
                .a("mx.e7.example.com", "192.168.218.42").a("mx.e7.example.com.should.example.com", "127.0.0.2")
                .a("mx.example.com.ok.example.com", "127.0.0.2")
                .txt("e7.example.com", "v=spf1 exists:%{p}.should.example.com ~exists:%{p}.ok.example.com")
                .txt("e8.example.com", "v=spf1 -all exp=msg8.%{D2}")
                .txt("msg8.example.com", "http://example.com/why.html?l=%{L}")
                .txt("e9.example.com", "v=spf1 a:%{H} -all")
                .txt("e10.example.com", "v=spf1 -include:_spfh.%{d2} ip4:1.2.3.0/24 -all")
                .txt("_spfh.example.com", "v=spf1 -a:%{h} +all")
                .txt("e11.example.com", "v=spf1 exists:%{i}.%{l2r-}.user.%{d2}")
                .a("1.2.3.4.gladstone.philip.user.example.com", "127.0.0.2")
                .txt("e12.example.com", "v=spf1 exists:%{l2r+-}.user.%{d2}").a("bar.foo.user.example.com", "127.0.0.2");
    }

    @AfterEach
    void stop() {
        zone.close();
    }

    private SpfOutcome check(String ip, String mailFrom) throws Exception {
        return zone.check(ip, mailFrom, HELO);
    }

    private void assertFailExplained(String explanation, String ip, String mailFrom) throws Exception {
        SpfOutcome o = check(ip, mailFrom);
        assertEquals(FAIL, o.result(), mailFrom);
        assertEquals(explanation, o.explanation(), mailFrom);
    }

    @Test
    void macrosInDomainSpecs() throws Exception {
        assertEquals(PASS, check("192.168.218.40", "test@example.com").result()); // trailing-dot-domain (7.1/16)
        assertEquals(PERMERROR, check("192.168.218.40", "test@e2.example.com").result()); // exp-only-macro-char (7.1/8)
        assertEquals(PERMERROR, check("192.168.218.40", "test@e1.example.com").result()); // invalid-macro-char (7.1/9)
        assertEquals(PERMERROR, check("CAFE:BABE::192.168.218.40", "test@e5.example.com").result()); // undef-macro
        assertEquals(PASS, zone.check("1.2.3.4", "test@e1a.example.com", "mail.example.com").result()); // macro-mania
        assertEquals(PASS, check("192.168.218.40", "test@e9.example.com").result()); // hello-macro (7.1/6)
        assertEquals(FAIL, zone.check("192.168.218.40", "test@e9.example.com", "JUMPIN' JUPITER").result());
        assertEquals(FAIL, zone.check("192.168.218.40", "test@e9.example.com", "[192.168.218.40]").result());
        assertEquals(FAIL, zone.check("1.2.3.4", "test@e10.example.com", "OEMCOMPUTER").result()); // require-valid-helo
        assertEquals(PASS, zone.check("1.2.3.4", "philip-gladstone-test@e11.example.com", "mail.example.com").result());
        assertEquals(PASS, zone.check("1.2.3.4", "foo-bar+zip+quux@e12.example.com", "mail.example.com").result());
        SpfResult multiple = check("192.168.218.42", "test@e7.example.com").result(); // p-macro-multiple (7.1/22)
        assertEquals(true, multiple == PASS || multiple == SOFTFAIL, multiple.toString());
    }

    @Test
    void macrosInExplanations() throws Exception {
        assertFailExplained("This is a test.", "192.168.218.40", "test@exp.example.com"); // trailing-dot-exp
        assertFailExplained("Connections from 192.168.218.40 not authorized.", "192.168.218.40", "test@e3.example.com");
        assertFailExplained("192.168.218.40 is queried as 40.218.168.192.in-addr.arpa", "192.168.218.40",
                "test@e4.example.com"); // v-macro-ip4
        assertFailExplained("cafe:babe::1 is queried as 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.e.b.a.b.e.f.a.c"
                + ".ip6.arpa", "CAFE:BABE::1", "test@e4.example.com"); // v-macro-ip6
        assertFailExplained("connect from unknown", "192.168.218.40", "test@e6.example.com"); // p-macro-ip4-novalid
        assertFailExplained("connect from mx.example.com", "192.168.218.41", "test@e6.example.com"); // p-macro-ip4-valid
        assertFailExplained("connect from unknown", "CAFE:BABE::1", "test@e6.example.com"); // p-macro-ip6-novalid
        assertFailExplained("connect from mx.example.com", "CAFE:BABE::3", "test@e6.example.com"); // p-macro-ip6-valid
        assertFailExplained("http://example.com/why.html?l=~jack%26jill%3Dup-a_b3.c", "192.168.218.42",
                "~jack&jill=up-a_b3.c@e8.example.com"); // upper-macro (7.1/26)
    }

    @Test
    void longExpansionsAreTruncatedFromTheLeft() throws Exception {
        String o = "somewhat.long.exp.example.com";
        zone.txt(o, "v=spf1 -all exp=foobar.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.example.com")
                .txt(String.join(".", o, o, o, o, o, o, o, o) + ".example.com", "Congratulations!  That was tricky.");
        assertFailExplained("Congratulations!  That was tricky.", "192.168.218.40", "test@" + o); // domain-name-truncation
    }
}
