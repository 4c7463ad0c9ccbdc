package org.mailserver.core.filter.spf;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.mailserver.core.dns.TestDnsServer;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The test zones of the SPF tests on a real DNS server ({@link TestDnsServer}): TXT records are written
 * as the character-strings they are, so the evaluator parses real DNS messages.
 */
final class SpfTestZone implements AutoCloseable {
    final TestDnsServer dns;

    SpfTestZone() throws IOException {
        dns = new TestDnsServer();
    }

    /** An evaluator asking this server, with a deadline long enough for any test but the timeout ones. */
    SpfEvaluator evaluator() {
        return evaluator(Duration.ofSeconds(5));
    }

    SpfEvaluator evaluator(Duration timeout) {
        return new SpfEvaluator(List.of(dns.address()), timeout, "mx.receiver.test");
    }

    /** A TXT record of one or more character-strings (joined without spaces by SPF, RFC 7208 3.3). */
    SpfTestZone txt(String name, String... strings) throws IOException {
        StringBuilder rdata = new StringBuilder();
        for (String s : strings) {
            rdata.append(rdata.isEmpty() ? "" : " ").append(quoted(s));
        }
        dns.add(absolute(name), Type.TXT, rdata.toString());
        return this;
    }

    SpfTestZone a(String name, String... addresses) throws IOException {
        for (String a : addresses) {
            dns.add(absolute(name), a.contains(":") ? Type.AAAA : Type.A, a);
        }
        return this;
    }

    SpfTestZone mx(String name, int preference, String host) throws IOException {
        dns.add(absolute(name), Type.MX, preference + " " + (host.isEmpty() ? "." : absolute(host)));
        return this;
    }

    SpfTestZone ptr(String address, String... names) throws IOException {
        String reverse = SpfAddresses.reverseName(InetAddress.getByName(address)) + ".";
        for (String n : names) {
            dns.add(reverse, Type.PTR, absolute(n));
        }
        return this;
    }

    SpfTestZone servfail(String name) {
        dns.rcode(absolute(name), Rcode.SERVFAIL);
        return this;
    }

    SpfTestZone nxdomain(String name) {
        dns.rcode(absolute(name), Rcode.NXDOMAIN);
        return this;
    }

    /** check_host() of the MAIL FROM identity, as the openspf suite's {@code host}/{@code mailfrom}/{@code helo}. */
    SpfOutcome check(String ip, String mailFrom, String helo) throws Exception {
        return evaluator().checkMailFrom(InetAddress.getByName(ip), mailFrom, helo);
    }

    SpfResult result(String ip, String mailFrom) throws Exception {
        return check(ip, mailFrom, "mail.example.com").result();
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    /** Zone-file syntax for a character-string: quoted, with \" \\ and \DDD escapes for the other bytes. */
    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : s.getBytes(StandardCharsets.ISO_8859_1)) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append('\\').append(String.format("%03d", c));
            } else {
                b.append((char) c);
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        dns.close();
    }
}
