package org.mailserver.core.filter.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailserver.core.config.Settings;
import org.mailserver.core.filter.FilterChain;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.RejectionCounters;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.net.Cidr;

/** The spf policy against a real DNS server: verdicts at MAIL, header fields at the end of data, settings. */
class SpfFilterTest {
    private SpfTestZone zone;

    @BeforeEach
    void start() throws Exception {
        zone = new SpfTestZone();
        zone.txt("example.com", "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ~all exp=why.example.com")
                .txt("why.example.com", "See https://example.com/spf?ip=%{i}")
                .txt("strict.example.com", "v=spf1 a:mail.strict.example.com -all exp=why.example.com")
                .a("mail.strict.example.com", "192.0.2.25")
                .txt("mail.strict.example.com", "v=spf1 a -all")
                .txt("relay.example.net", "v=spf1 -all")
                .servfail("broken.example.com");
    }

    @AfterEach
    void stop() {
        zone.close();
    }

    private SpfFilter filter(boolean rejectFail, boolean deferTemperror, String... trusted) {
        List<Cidr> networks = java.util.Arrays.stream(trusted).map(Cidr::parse).toList();
        SpfConfig c = new SpfConfig(rejectFail, deferTemperror, Duration.ofSeconds(3), "mx.receiver.test", networks,
                List.of(zone.dns.address()));
        return new SpfFilter(c);
    }

    private static FilterContext context(String ip, String helo, String sender, String user) throws Exception {
        return new FilterContext(InetAddress.getByName(ip), helo, user, sender, null, List.of(), null, "Q1");
    }

    private static List<String> headers(FilterVerdict v) {
        return assertInstanceOf(FilterVerdict.AddHeaders.class, v).lines();
    }

    @Test
    void passContinuesAndAddsReceivedSpfAndAuthenticationResults() throws Exception {
        SpfFilter f = filter(true, false);
        FilterContext c = context("192.0.2.7", "h.example.net", "alice@example.com", null);
        assertEquals(FilterVerdict.CONTINUE, f.check(Stage.MAIL, c));
        assertEquals(List.of("Received-SPF: pass (mx.receiver.test: domain of alice@example.com designates 192.0.2.7"
                        + " as permitted sender) client-ip=192.0.2.7; envelope-from=\"alice@example.com\";"
                        + " helo=h.example.net; receiver=mx.receiver.test; identity=mailfrom;"
                        + " mechanism=\"ip4:192.0.2.0/24\"",
                "Authentication-Results: mx.receiver.test; spf=pass smtp.mailfrom=alice@example.com"),
                headers(f.check(Stage.DATA, c)));
    }

    @Test
    void failIsRefusedWith550AndTheDomainsExplanation() throws Exception {
        Refusal r = assertInstanceOf(FilterVerdict.Reject.class,
                filter(true, false).check(Stage.MAIL, context("198.51.100.9", "h.example.net", "bob@strict.example.com", null)))
                .refusal();
        assertEquals(550, r.code());
        assertEquals("5.7.23", r.status());
        assertEquals("spf", r.policy());
        assertEquals("SPF validation failed: domain strict.example.com does not designate 198.51.100.9 as permitted"
                + " sender (policy spf); See https://example.com/spf?ip=198.51.100.9", r.text());
        assertEquals("mailfrom strict.example.com fail -all", r.rule());
    }

    @Test
    void failIsOnlyRecordedWhenRejectingIsOff() throws Exception {
        SpfFilter f = filter(false, false);
        FilterContext c = context("198.51.100.9", "h.example.net", "bob@strict.example.com", null);
        assertEquals(FilterVerdict.CONTINUE, f.check(Stage.MAIL, c));
        List<String> h = headers(f.check(Stage.DATA, c));
        assertTrue(h.get(0).startsWith("Received-SPF: fail (mx.receiver.test: domain of bob@strict.example.com does not"
                + " designate 198.51.100.9 as permitted sender) "), h.get(0));
        assertEquals("Authentication-Results: mx.receiver.test; spf=fail smtp.mailfrom=bob@strict.example.com", h.get(1));
    }

    @Test
    void aFailingHeloNameIsRefusedBeforeMailFromIsChecked() throws Exception {
        Refusal r = assertInstanceOf(FilterVerdict.Reject.class, filter(true, false)
                .check(Stage.MAIL, context("192.0.2.7", "relay.example.net", "alice@example.com", null))).refusal();
        assertEquals("SPF validation failed: HELO name relay.example.net does not designate 192.0.2.7 as permitted"
                + " sender (policy spf)", r.text());
        assertEquals("helo relay.example.net fail -all", r.rule());
    }

    @Test
    void softfailAndNeutralOnlyRecord() throws Exception {
        SpfFilter f = filter(true, true);
        FilterContext c = context("198.51.100.9", "h.example.net", "carol@example.com", null);
        assertEquals(FilterVerdict.CONTINUE, f.check(Stage.MAIL, c));
        assertTrue(headers(f.check(Stage.DATA, c)).get(1).endsWith("spf=softfail smtp.mailfrom=carol@example.com"));
    }

    @Test
    void temperrorIsRecordedOrDeferredAsConfigured() throws Exception {
        FilterContext c = context("192.0.2.7", "h.example.net", "dave@broken.example.com", null);
        SpfFilter recording = filter(true, false);
        assertEquals(FilterVerdict.CONTINUE, recording.check(Stage.MAIL, c));
        String received = headers(recording.check(Stage.DATA, c)).get(0);
        assertTrue(received.startsWith("Received-SPF: temperror (mx.receiver.test: error in processing during lookup"
                + " of dave@broken.example.com: DNS error for TXT broken.example.com"), received);
        assertTrue(received.endsWith("; identity=mailfrom; problem=\"DNS error for TXT broken.example.com:"
                + " SERVFAIL for broken.example.com.\""), received);
        Refusal r = assertInstanceOf(FilterVerdict.Defer.class, filter(true, true).check(Stage.MAIL, c)).refusal();
        assertEquals(451, r.code());
        assertEquals("4.7.24", r.status());
        assertTrue(r.text().startsWith("SPF check of domain broken.example.com failed temporarily, try again later"
                + " (policy spf): DNS error"), r.text());
    }

    @Test
    void nullSenderIsCheckedAsPostmasterAtTheHeloName() throws Exception {
        SpfFilter f = filter(true, false);
        FilterContext c = context("192.0.2.25", "mail.strict.example.com", "", null);
        assertEquals(FilterVerdict.CONTINUE, f.check(Stage.MAIL, c));
        List<String> h = headers(f.check(Stage.DATA, c));
        assertTrue(h.get(0).startsWith("Received-SPF: pass (mx.receiver.test: domain of"
                + " postmaster@mail.strict.example.com designates 192.0.2.25 as permitted sender)"
                + " client-ip=192.0.2.25; envelope-from=\"\"; helo=mail.strict.example.com;"), h.get(0));
        assertEquals("Authentication-Results: mx.receiver.test; spf=pass smtp.helo=mail.strict.example.com", h.get(1));
        Refusal r = assertInstanceOf(FilterVerdict.Reject.class,
                f.check(Stage.MAIL, context("192.0.2.26", "mail.strict.example.com", "", null))).refusal();
        assertTrue(r.text().startsWith("SPF validation failed: domain mail.strict.example.com does not designate"), r.text());
    }

    @Test
    void ipv6ClientsAndOddLocalPartsAreQuoted() throws Exception {
        SpfFilter f = filter(true, false);
        FilterContext c = context("2001:db8::25", "[IPv6:2001:db8::25]", "\"john doe\"@example.com", null);
        assertEquals(FilterVerdict.CONTINUE, f.check(Stage.MAIL, c));
        List<String> h = headers(f.check(Stage.DATA, c));
        assertTrue(h.get(0).contains(" client-ip=\"2001:db8::25\"; envelope-from=\"\\\"john doe\\\"@example.com\";"
                + " helo=\"[IPv6:2001:db8::25]\";"), h.get(0));
        assertEquals("Authentication-Results: mx.receiver.test; spf=pass smtp.mailfrom=\"\\\"john doe\\\"\"@example.com",
                h.get(1));
    }

    @Test
    void authenticatedAndTrustedClientsAreNotChecked() throws Exception {
        SpfFilter f = filter(true, true, "198.51.100.0/24");
        FilterContext auth = context("203.0.113.5", "h.example.net", "bob@strict.example.com", "bob");
        FilterContext trusted = context("198.51.100.9", "h.example.net", "bob@strict.example.com", null);
        for (FilterContext c : List.of(auth, trusted)) {
            assertEquals(FilterVerdict.CONTINUE, f.check(Stage.MAIL, c));
            assertEquals(FilterVerdict.CONTINUE, f.check(Stage.DATA, c));
        }
    }

    @Test
    void theEndOfDataChecksAgainWhenMailWasNotChecked() throws Exception {
        List<String> h = headers(filter(true, false).check(Stage.DATA,
                context("192.0.2.7", "h.example.net", "erin@example.com", null)));
        assertTrue(h.get(1).endsWith("spf=pass smtp.mailfrom=erin@example.com"), h.get(1));
    }

    @Test
    void theChainCountsTheRefusalUnderPolicySpf() throws Exception {
        RejectionCounters counters = new RejectionCounters();
        FilterChain chain = new FilterChain(List.of(filter(true, false)), counters);
        assertInstanceOf(FilterVerdict.Reject.class,
                chain.run(Stage.MAIL, context("198.51.100.9", "h.example.net", "bob@strict.example.com", null)));
        assertEquals(Map.of("spf", 1L), counters.snapshot());
    }

    @Test
    void settings() {
        assertTrue(SpfConfig.from(new Settings(Map.of())).isEmpty(), "off by default");
        Settings s = new Settings(Map.of("filter.spf", "true", "server.hostname", "mx.example.org",
                "smtp.trusted_networks", "10.0.0.0/8", "dns.servers", "127.0.0.1:5353"));
        SpfConfig c = SpfConfig.from(s).orElseThrow();
        assertEquals(List.of(), s.problems());
        assertTrue(c.rejectFail());
        assertTrue(!c.deferTemperror());
        assertEquals(Duration.ofSeconds(5), c.timeout());
        assertEquals("mx.example.org", c.receiver());
        assertEquals(List.of(Cidr.parse("10.0.0.0/8")), c.trustedNetworks());
        assertEquals(5353, c.dnsServers().get(0).getPort());
        Settings bad = new Settings(Map.of("filter.spf", "true", "filter.spf.timeout", "0",
                "filter.spf.reject_fail", "maybe", "dns.servers", "nowhere"));
        bad.hostPorts("dns.servers"); // the relay settings read and report it first
        SpfConfig.from(bad);
        String all = String.join("\n", bad.problems());
        assertTrue(all.contains("filter.spf.timeout = '0' is not allowed"), all);
        assertTrue(all.contains("filter.spf.reject_fail = 'maybe' is not allowed"), all);
        assertEquals(1, bad.problems().stream().filter(p -> p.startsWith("dns.servers")).count(), all);
    }
}
