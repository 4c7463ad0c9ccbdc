package org.mailserver.core.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class DnsResolverTest {
    private TestDnsServer dns;
    private DnsResolver resolver;

    @BeforeEach
    void start() throws Exception {
        dns = new TestDnsServer();
        resolver = new DnsResolver(List.of(dns.address()), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void mxHostsAreSortedByPreferenceWithTheirAddresses() throws Exception {
        dns.add("example.test.", Type.MX, "20 backup.example.test.")
                .add("example.test.", Type.MX, "10 mx1.example.test.")
                .add("mx1.example.test.", Type.A, "192.0.2.1")
                .add("mx1.example.test.", Type.AAAA, "2001:db8::1")
                .add("backup.example.test.", Type.A, "192.0.2.2");
        MxResult.Hosts r = assertInstanceOf(MxResult.Hosts.class, resolver.lookupMx("example.test"));
        assertEquals(List.of("mx1.example.test", "backup.example.test"),
                r.hosts().stream().map(MxResult.Host::name).toList());
        assertEquals(List.of(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8::1")),
                r.hosts().get(0).addresses());
        assertEquals(10, r.hosts().get(0).preference());
    }

    @Test
    void noMxFallsBackToTheDomainsAddress() throws Exception {
        dns.add("plain.test.", Type.A, "192.0.2.7");
        MxResult.Hosts r = assertInstanceOf(MxResult.Hosts.class, resolver.lookupMx("plain.test"));
        assertEquals(1, r.hosts().size());
        assertEquals("plain.test", r.hosts().get(0).name());
        assertEquals(List.of(InetAddress.getByName("192.0.2.7")), r.hosts().get(0).addresses());
    }

    @Test
    void nullMxIsRecognised() throws Exception {
        dns.add("nomail.test.", Type.MX, "0 .");
        assertInstanceOf(MxResult.NullMx.class, resolver.lookupMx("nomail.test"));
    }

    @Test
    void nxdomainIsPermanent() {
        dns.rcode("gone.test.", Rcode.NXDOMAIN);
        assertInstanceOf(MxResult.NoSuchDomain.class, resolver.lookupMx("gone.test"));
    }

    @Test
    void servfailIsTemporary() {
        dns.rcode("broken.test.", Rcode.SERVFAIL);
        assertInstanceOf(MxResult.TemporaryFailure.class, resolver.lookupMx("broken.test"));
    }

    @Test
    void noAnswerAtAllIsTemporary() throws Exception {
        java.net.InetSocketAddress silent = dns.address();
        dns.close(); // nothing listens any more: the query times out
        DnsResolver quick = new DnsResolver(List.of(silent), Duration.ofMillis(300));
        assertInstanceOf(MxResult.TemporaryFailure.class, quick.lookupMx("example.test"));
    }

    @Test
    void domainWithoutAnyRecordsIsPermanent() {
        assertInstanceOf(MxResult.NoSuchDomain.class, resolver.lookupMx("empty.test"));
    }

    @Test
    void failedAddressLookupWithAnEmptyAaaaIsTemporaryNotNoSuchDomain() {
        // no MX, A fails (SERVFAIL), AAAA answers empty: the host may well have an address
        dns.rcode("flaky.test.", Type.A, Rcode.SERVFAIL);
        assertInstanceOf(MxResult.TemporaryFailure.class, resolver.lookupMx("flaky.test"));
    }
}
