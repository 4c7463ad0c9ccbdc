package org.mailserver.core.filter.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.core.filter.spf.SpfResult.FAIL;
import static org.mailserver.core.filter.spf.SpfResult.NEUTRAL;
import static org.mailserver.core.filter.spf.SpfResult.NONE;
import static org.mailserver.core.filter.spf.SpfResult.PASS;
import static org.mailserver.core.filter.spf.SpfResult.PERMERROR;
import static org.mailserver.core.filter.spf.SpfResult.SOFTFAIL;
import static org.mailserver.core.filter.spf.SpfResult.TEMPERROR;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * check_host() against a real DNS server: record lookup and selection, record evaluation, the all and
 * include mechanisms, redirect= and exp=, errors. The cases follow the openspf/pyspf RFC 7208 test suite
 * (rfc7208-tests.yml); the comment names the suite's test and the RFC section it checks.
 */
class SpfEvaluatorTest {
    private SpfTestZone zone;

    @BeforeEach
    void start() throws Exception {
        zone = new SpfTestZone();
    }

    @AfterEach
    void stop() {
        zone.close();
    }

    private void assertResult(SpfResult expected, String ip, String mailFrom) throws Exception {
        assertEquals(expected, zone.result(ip, mailFrom), ip + " " + mailFrom);
    }

    @Test
    void initialProcessingGivesNoneForNamesThatAreNotDomains() throws Exception {
        zone.txt("a12345678901234567890123456789012345678901234567890123456789012.example.com", "v=spf1 -all");
        // toolonglabel, longlabel, emptylabel, domain-literal (4.3/1)
        assertResult(NONE, "1.2.3.5", "lyme.eater@A123456789012345678901234567890123456789012345678901234567890123.example.com");
        assertResult(FAIL, "1.2.3.5", "lyme.eater@A12345678901234567890123456789012345678901234567890123456789012.example.com");
        assertResult(NONE, "1.2.3.5", "lyme.eater@A...example.com");
        assertResult(NONE, "1.2.3.5", "foo@[1.2.3.5]");
        // helo-not-fqdn, helo-domain-literal: the null sender checks postmaster@<HELO> (4.3/1, 2.4)
        assertEquals(NONE, zone.check("1.2.3.5", "", "A2345678").result());
        assertEquals(NONE, zone.check("1.2.3.5", "", "[1.2.3.5]").result());
    }

    @Test
    void senderWithoutLocalPartIsPostmaster() throws Exception {
        // nolocalpart (4.3/2)
        zone.txt("example.net", "v=spf1 -all exp=exp.example.net").txt("exp.example.net", "%{l}");
        SpfOutcome o = zone.check("1.2.3.4", "@example.net", "mail.example.net");
        assertEquals(FAIL, o.result());
        assertEquals("postmaster", o.explanation());
        assertEquals("postmaster@example.net", o.sender());
    }

    @Test
    void recordsMustBeSevenBitAsciiAndSpaceSeparated() throws Exception {
        zone.txt("hosed.example.com", "v=spf1 a:\u00ef\u00bb\u00bfgarbage.example.net -all")
                .txt("hosed3.example.com", "v=spf1 a:example.net \u0096all")
                .txt("nothosed.example.com", "v=spf1 a:example.net -all").txt("nothosed.example.com", "\u0096")
                .txt("ctrl.example.com", "v=spf1 a:ctrl.example.com\rptr -all").a("ctrl.example.com", "192.0.2.3")
                .txt("fine.example.com", "v=spf1 a  -all");
        assertResult(PERMERROR, "1.2.3.4", "foobar@hosed.example.com"); // non-ascii-policy (3.1/1)
        assertResult(PERMERROR, "1.2.3.4", "foobar@hosed3.example.com"); // non-ascii-result
        assertResult(FAIL, "1.2.3.4", "foobar@nothosed.example.com"); // non-ascii-non-spf (4.5/1)
        assertResult(PERMERROR, "192.0.2.3", "foobar@ctrl.example.com"); // control-char-policy (4.6.1/2)
        assertResult(FAIL, "1.2.3.4", "actually@fine.example.com"); // two-spaces (4.6.1)
    }

    @Test
    void recordSelection() throws Exception {
        zone.txt("example1.com", "v=spf1").txt("example2.com", "v=spf1", "mx")
                .txt("example3.com", "v=spf10").txt("example3.com", "v=spf1 mx").mx("example3.com", 0, "mail.example1.com")
                .a("mail.example1.com", "1.2.3.4")
                .txt("example5.com", "v=spf1 -all").txt("example5.com", "v=spf1 +all")
                .txt("example6.com", "v=spf1 -all").txt("example6.com", "V=sPf1 +all")
                .txt("example9.com", "v=SpF1 ~all");
        assertResult(NONE, "1.2.3.4", "foo@example2.com"); // nospace1: strings joined without spaces (4.5/4)
        assertResult(NEUTRAL, "1.2.3.4", "foo@example1.com"); // empty (4.5/4)
        assertResult(PASS, "1.2.3.4", "foo@example3.com"); // nospace2
        assertResult(PERMERROR, "1.2.3.4", "foo@example5.com"); // multitxt1 (4.5/5)
        assertResult(PERMERROR, "1.2.3.4", "foo@example6.com"); // multitxt2 (4.5/6)
        assertResult(NONE, "1.2.3.4", "foo@mail.example1.com"); // nospf (4.5/7)
        assertResult(SOFTFAIL, "1.2.3.4", "foo@example9.com"); // case-insensitive (4.5/6)
    }

    @Test
    void syntaxErrorsAnywhereInTheRecordArePermerrors() throws Exception {
        zone.a("mail.example.com", "1.2.3.4")
                .txt("t1.example.com", "v=spf1 ip4:1.2.3.4 -all moo")
                .txt("t2.example.com", "v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all")
                .txt("t3.example.com", "v=spf1 moo.cow/far_out=man:dog/cat ip4:1.2.3.4 -all")
                .txt("t4.example.com", "v=spf1 moo.cow:far_out=man:dog/cat ip4:1.2.3.4 -all")
                .txt("t5.example.com", "v=spf1 redirect=t5.example.com ~all")
                .txt("t6.example.com", "v=spf1 ip4:1.2.3.4 redirect=t2.example.com")
                .txt("t7.example.com", "v=spf1 ip4:1.2.3.4")
                .txt("t8.example.com", "v=spf1 ip4:1.2.3.4 redirect:t2.example.com")
                .txt("t9.example.com", "v=spf1 a:foo-bar -all")
                .txt("t10.example.com", "v=spf1 a:mail.example...com -all");
        assertResult(PERMERROR, "1.2.3.4", "foo@t1.example.com"); // detect-errors-anywhere (4.6)
        assertResult(PASS, "1.2.3.4", "foo@t2.example.com"); // modifier-charset-good (4.6.1/2)
        assertResult(PERMERROR, "1.2.3.4", "foo@t3.example.com"); // modifier-charset-bad1 (4.6.1/4)
        assertResult(PERMERROR, "1.2.3.4", "foo@t4.example.com"); // modifier-charset-bad2
        assertResult(SOFTFAIL, "1.2.3.4", "foo@t5.example.com"); // redirect-after-mechanisms1 (4.6.3)
        assertResult(FAIL, "1.2.3.5", "foo@t6.example.com"); // redirect-after-mechanisms2
        assertResult(NEUTRAL, "1.2.3.5", "foo@t7.example.com"); // default-result (4.7/1)
        assertResult(PERMERROR, "1.2.3.4", "foo@t8.example.com"); // redirect-is-modifier (4.6.1/4)
        assertResult(PERMERROR, "1.2.3.4", "foo@t9.example.com"); // invalid-domain (7.1/2)
        // invalid-domain-empty-label: undefined by RFC 7208; a name that cannot be asked matches nothing
        assertResult(FAIL, "1.2.3.4", "foo@t10.example.com");
    }

    @Test
    void allMechanismAndQualifiers() throws Exception {
        zone.txt("e1.example.com", "v=spf1 -all.").txt("e2.example.com", "v=spf1 -all:foobar")
                .txt("e3.example.com", "v=spf1 -all/8").txt("e4.example.com", "v=spf1 ?all")
                .txt("e5.example.com", "v=spf1 all -all").txt("e6.example.com", "v=spf1 ~all")
                .txt("e7.example.com", "v=spf1 +all").txt("e8.example.com", "v=spf1 -ALL");
        assertResult(PERMERROR, "1.2.3.4", "foo@e1.example.com"); // all-dot (5.1/1)
        assertResult(PERMERROR, "1.2.3.4", "foo@e2.example.com"); // all-arg
        assertResult(PERMERROR, "1.2.3.4", "foo@e3.example.com"); // all-cidr
        assertResult(NEUTRAL, "1.2.3.4", "foo@e4.example.com"); // all-neutral
        assertResult(PASS, "1.2.3.4", "foo@e5.example.com"); // all-double
        assertResult(SOFTFAIL, "1.2.3.4", "foo@e6.example.com");
        assertResult(PASS, "1.2.3.4", "foo@e7.example.com");
        assertResult(FAIL, "1.2.3.4", "foo@e8.example.com"); // mechanism names are case-insensitive
        SpfOutcome o = zone.check("1.2.3.4", "foo@e5.example.com", "mail.example.com");
        assertEquals("all", o.mechanism());
        assertEquals("e5.example.com", o.domain());
        assertEquals(SpfOutcome.Identity.MAILFROM, o.identity());
    }

    @Test
    void includeMatchesOnlyWhenTheIncludedCheckPasses() throws Exception {
        zone.a("mail.example.com", "1.2.3.4")
                .txt("ip5.example.com", "v=spf1 ip4:1.2.3.5 -all").txt("ip6.example.com", "v=spf1 ip4:1.2.3.6 ~all")
                .txt("ip7.example.com", "v=spf1 ip4:1.2.3.7 ?all").servfail("ip8.example.com")
                .txt("erehwon.example.com", "v=spfl am not an SPF record")
                .txt("e1.example.com", "v=spf1 include:ip5.example.com ~all")
                .txt("e2.example.com", "v=spf1 include:ip6.example.com all")
                .txt("e3.example.com", "v=spf1 include:ip7.example.com -all")
                .txt("e4.example.com", "v=spf1 include:ip8.example.com -all")
                .txt("e5.example.com", "v=spf1 include:e6.example.com -all")
                .txt("e6.example.com", "v=spf1 include +all")
                .txt("e7.example.com", "v=spf1 include:erehwon.example.com -all")
                .txt("e8.example.com", "v=spf1 include: -all")
                .txt("e9.example.com", "v=spf1 include:ip5.example.com/24 -all")
                .txt("e10.example.com", "v=spf1 include:ip5.example.com -all");
        assertResult(SOFTFAIL, "1.2.3.4", "foo@e1.example.com"); // include-fail (5.2/9)
        assertResult(PASS, "1.2.3.4", "foo@e2.example.com"); // include-softfail
        assertResult(FAIL, "1.2.3.4", "foo@e3.example.com"); // include-neutral
        assertResult(TEMPERROR, "1.2.3.4", "foo@e4.example.com"); // include-temperror
        assertResult(PERMERROR, "1.2.3.4", "foo@e5.example.com"); // include-permerror
        assertResult(PERMERROR, "1.2.3.4", "foo@e6.example.com"); // include-syntax-error (5.2/1)
        assertResult(PERMERROR, "1.2.3.4", "foo@e9.example.com"); // include-cidr
        assertResult(PERMERROR, "1.2.3.4", "foo@e7.example.com"); // include-none (5.2/9)
        assertResult(PERMERROR, "1.2.3.4", "foo@e8.example.com"); // include-empty-domain
        assertResult(PASS, "1.2.3.5", "foo@e10.example.com"); // the included pass matches
    }

    @Test
    void redirectAndExplanationModifiers() throws Exception {
        zone.a("mail.example.com", "1.2.3.4")
                .txt("e1.example.com", "v=spf1 exp=exp1.example.com redirect=e2.example.com")
                .txt("e2.example.com", "v=spf1 -all")
                .txt("e3.example.com", "v=spf1 exp=exp1.example.com redirect=e4.example.com")
                .txt("e4.example.com", "v=spf1 -all exp=exp2.example.com")
                .txt("exp1.example.com", "No-see-um").txt("exp2.example.com", "See me.")
                .txt("exp3.example.com", "Correct!").txt("exp4.example.com", "%{l} in implementation")
                .txt("e5.example.com", "v=spf1 1up=foo").txt("e6.example.com", "v=spf1 =all")
                .txt("e7.example.com", "v=spf1 include:e3.example.com -all exp=exp3.example.com")
                .txt("e8.example.com", "v=spf1 -all exp=exp4.example.com")
                .txt("e9.example.com", "v=spf1 -all foo=%abc")
                .txt("e10.example.com", "v=spf1 redirect=erehwon.example.com")
                .txt("e12.example.com", "v=spf1 exp= -all")
                .txt("e14.example.com", "v=spf1 exp=e13msg.example.com -all exp=e11msg.example.com")
                .txt("e15.example.com", "v=spf1 redirect=e12.example.com -all redirect=e12.example.com")
                .txt("e16.example.com", "v=spf1 exp=-all").txt("e17.example.com", "v=spf1 redirect=-all ?all")
                .txt("e18.example.com", "v=spf1 ?all redirect=").txt("e19.example.com", "v=spf1 default=pass")
                .txt("e24.example.com", "v=spf1 redirect=testimplicit.example.com").a("e24.example.com", "192.0.2.1")
                .txt("testimplicit.example.com", "v=spf1 a -all").a("testimplicit.example.com", "192.0.2.2");
        assertResult(PERMERROR, "1.2.3.4", "foo@e10.example.com"); // redirect-none (6.1/4)
        SpfOutcome o = zone.check("1.2.3.4", "foo@e1.example.com", "mail.example.com");
        assertEquals(FAIL, o.result()); // redirect-cancels-exp (6.2/13)
        assertNull(o.explanation());
        assertEquals("See me.", zone.check("1.2.3.4", "foo@e3.example.com", "h").explanation()); // redirect-cancels-prior-exp
        assertEquals("Correct!", zone.check("1.2.3.4", "foo@e7.example.com", "h").explanation()); // include-ignores-exp
        assertEquals("Macro Error in implementation",
                zone.check("1.2.3.4", "Macro Error@e8.example.com", "h").explanation()); // dorky-sentinel (7.1/6)
        assertResult(PERMERROR, "1.2.3.4", "foo@e17.example.com"); // redirect-syntax-error (6.1/2)
        assertResult(PERMERROR, "1.2.3.4", "foo@e5.example.com"); // invalid-modifier (A/3)
        assertResult(PERMERROR, "1.2.3.4", "foo@e6.example.com"); // empty-modifier-name
        assertResult(PERMERROR, "1.2.3.4", "foo@e9.example.com"); // unknown-modifier-syntax
        assertResult(PERMERROR, "1.2.3.4", "foo@e12.example.com"); // exp-empty-domain (6.2/4)
        assertResult(PERMERROR, "1.2.3.4", "foo@e16.example.com"); // exp-syntax-error (6.2/1)
        assertResult(PERMERROR, "1.2.3.4", "foo@e14.example.com"); // exp-twice (6/2)
        assertResult(PERMERROR, "1.2.3.4", "foo@e15.example.com"); // redirect-twice
        assertResult(PERMERROR, "1.2.3.4", "foo@e18.example.com"); // redirect-empty-domain
        assertResult(NEUTRAL, "1.2.3.4", "foo@e19.example.com"); // default-modifier-obsolete (6/3)
        assertResult(PASS, "192.0.2.2", "bar@e24.example.com"); // redirect-implicit: %{d} is the new domain (6.1/4)
    }

    @Test
    void explanationProblemsOnlyDropTheExplanation() throws Exception {
        zone.a("mail.example.com", "1.2.3.4")
                .txt("e11.example.com", "v=spf1 -all exp=e11msg.example.com")
                .txt("e11msg.example.com", "Answer a fool according to his folly.")
                .txt("e11msg.example.com", "Do not answer a fool according to his folly.")
                .txt("e13.example.com", "v=spf1 exp=e13msg.example.com -all").txt("e13msg.example.com", "The %{x}-files.")
                .txt("e21.example.com", "v=spf1 exp=e21msg.example.com -all").servfail("e21msg.example.com")
                .txt("e22.example.com", "v=spf1 exp=mail.example.com -all")
                .txt("nonascii.example.com", "v=spf1 exp=badexp.example.com -all")
                .txt("badexp.example.com", "\u00ef\u00bb\u00bfExplanation")
                .txt("e23.example.com", "v=spf1 a:erehwon.example.com a:foobar.com exp=nxdomain.com -all");
        for (String d : List.of("e11", "e13", "e21", "e22", "nonascii", "e23")) {
            SpfOutcome o = zone.check("1.2.3.4", "foo@" + d + ".example.com", "mail.example.com");
            assertEquals(FAIL, o.result(), d); // exp-multiple-txt, explanation-syntax-error, exp-dns-error,
            assertNull(o.explanation(), d); // exp-no-txt, non-ascii-exp, exp-void (6.2/4, 4.6.4/1)
        }
    }

    @Test
    void dnsErrorsAreTemperrors() throws Exception {
        zone.servfail("broken.example.com").a("mail.example.com", "1.2.3.4")
                .txt("e6.example.com", "v=spf1 exists:err.example.com -all").servfail("err.example.com");
        SpfOutcome o = zone.check("1.2.3.4", "foo@broken.example.com", "mail.example.com");
        assertEquals(TEMPERROR, o.result()); // txttimeout, alltimeout (4.4/1)
        assertTrue(o.problem().contains("broken.example.com"), o.problem());
        assertResult(TEMPERROR, "1.2.3.4", "foo@e6.example.com"); // exists-dnserr (5/8)
        zone.nxdomain("gone.example.com");
        assertResult(NONE, "1.2.3.4", "foo@gone.example.com"); // NXDOMAIN is "no record" (4.3)
    }

    @Test
    void aServerThatNeverAnswersIsATemperrorWithinTheDeadline() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            SpfEvaluator e = new SpfEvaluator(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    silent.getLocalPort())), Duration.ofMillis(600), "mx.receiver.test");
            long start = System.nanoTime();
            SpfOutcome o = e.checkMailFrom(InetAddress.getByName("192.0.2.1"), "a@example.com", "h.example.com");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(TEMPERROR, o.result());
            assertTrue(o.problem().startsWith("DNS timeout for TXT example.com"), o.problem());
            assertTrue(ms >= 500 && ms < 1500, "took " + ms + " ms for a deadline of 600 ms");
        }
    }

    @Test
    void heloIdentityChecksPostmasterAtTheHeloName() throws Exception {
        zone.txt("mail.example.com", "v=spf1 a -all").a("mail.example.com", "1.2.3.4");
        SpfEvaluator e = zone.evaluator();
        SpfOutcome pass = e.checkHelo(InetAddress.getByName("1.2.3.4"), "mail.example.com");
        assertEquals(PASS, pass.result());
        assertEquals(SpfOutcome.Identity.HELO, pass.identity());
        assertEquals("postmaster@mail.example.com", pass.sender());
        assertEquals(FAIL, e.checkHelo(InetAddress.getByName("1.2.3.5"), "mail.example.com").result());
        // the null reverse-path: the MAIL FROM identity is postmaster@<HELO> (2.4)
        SpfOutcome nullSender = e.checkMailFrom(InetAddress.getByName("1.2.3.4"), "", "mail.example.com");
        assertEquals(PASS, nullSender.result());
        assertEquals(SpfOutcome.Identity.MAILFROM, nullSender.identity());
        assertEquals("mail.example.com", nullSender.domain());
    }
}
