package org.mailserver.daemon.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.filter.dnsbl.DnsblLookup;
import org.mailserver.core.testing.ScannerDaemon;
import org.mailserver.daemon.TestDaemon;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Issue 7, DNS: the real rbldnsd that {@code dns.servers} points at, serving the DNSBL
 * {@code zen.test} (which lists 127.20.0.0/16), killed under SMTP load, then a black hole on its
 * UDP port, then started again. Clients connect from fresh loopback addresses (so no answer is
 * cached): from 127.10.x.y (not listed) and 127.20.x.y (listed). A DNS failure never rejects (issue
 * 5): during the outage both are accepted, within the DNSBL deadline, and the outage is logged once;
 * once rbldnsd is back the listed clients are refused again, without restarting the server. About 30 s.
 */
class DnsblOutageTest {
    @TempDir
    Path dir;

    @Test
    void rbldnsdKilledThenSilentThenBack() throws Exception {
        Path binary = ScannerDaemon.require("rbldnsd", "rbldnsd");
        Path zones = Files.createDirectories(dir.resolve("rbldnsd"));
        Files.writeString(zones.resolve("ip"), ":127.0.0.2:Listed by the test DNSBL\n127.20.0.0/16\n");
        // rbldnsd chroots into the directory and drops root for user rbldns, which must read the file
        Files.setPosixFilePermissions(zones, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(zones.resolve("ip"), PosixFilePermissions.fromString("rw-r--r--"));
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int smtp = TestDaemon.freePort();
        String servers = "dnsbl: DNS server 127.0.0.1:" + port;
        List<String> command = List.of(binary.toString(), "-n", "-r", zones.toString(), "-b", "127.0.0.1/" + port,
                "zen.test:ip4set:ip");
        try (Service rbldnsd = new Service("rbldnsd", dir, command, answering(port)).start(Duration.ofSeconds(20));
             LogCapture log = new LogCapture();
             TestDaemon daemon = TestDaemon.start(Setup.settings(dir, smtp, "dns.servers=127.0.0.1:" + port,
                     "filter.rbl.zones=zen.test"))) {
            Load load = new Load()
                    .add("clean", 2, n -> Exchange.mail("clean", smtp, false, address(10, n), "bob@example.test",
                            Setup.clean(n), Setup.CLIENT_TIMEOUT))
                    .add("listed", 1, n -> Exchange.mail("listed", smtp, false, address(20, n), "bob@example.test",
                            Setup.clean(n), Setup.CLIENT_TIMEOUT));
            Outage.Timeline t;
            try {
                t = Outage.run(load, rbldnsd::kill, () -> BlackHole.udp(port),
                        () -> rbldnsd.start(Duration.ofSeconds(20)), r -> r.kind().equals("listed") && isListed(r),
                        Duration.ofSeconds(2), "clean", "listed");
            } finally {
                load.close();
            }
            List<Exchange.Result> all = load.results();
            System.out.println("rbldnsd outage: " + Outage.summary(all, t));

            Duration deadline = DnsblLookup.DEFAULT_DEADLINE;
            Outage.assertAnswered(all, deadline.plusSeconds(3));
            Outage.assertTimedOut(all, t, deadline);
            Outage.assertWithin(all, "clean", 0, t.stopping(), 2, Exchange.Result::delivered, "warm-up");
            Outage.assertWithin(all, "listed", 0, t.stopping(), 1, DnsblOutageTest::isListed, "warm-up");
            // issue 5: a DNS failure never rejects; the DNSBL is advisory
            for (String kind : List.of("clean", "listed")) {
                Outage.assertWithin(all, kind, t.down(), t.up(), 3, Exchange.Result::delivered, "outage");
            }
            assertTrue(all.stream().allMatch(r -> r.code() < 500 || isListed(r)), "a 5xx: " + Outage.show(all));
            assertFalse(all.stream().anyMatch(r -> r.kind().equals("clean") && r.code() >= 400),
                    "an unlisted client refused: " + Outage.show(all));
            Outage.assertWithin(all, "clean", t.recovered(), Long.MAX_VALUE, 2, Exchange.Result::delivered, "recovery");
            Outage.assertWithin(all, "listed", t.recovered(), Long.MAX_VALUE, 1, DnsblOutageTest::isListed, "recovery");
            assertTrue(t.recoveryMillis() < deadline.toMillis() + 5_000, t.toString());

            List<ILoggingEvent> warnings = log.events(t.stopping(), t.up(), Level.WARN, "");
            List<ILoggingEvent> named = log.events(t.stopping(), t.up(), Level.WARN, servers + " unavailable");
            assertEquals(1, named.size(), "one line for the whole outage:" + LogCapture.show(warnings));
            assertTrue(warnings.size() <= 2, "no line per connection:" + LogCapture.show(warnings));
            assertFalse(log.events(t.down(), t.up(), Level.INFO, "DNS lookups failed, not counted as listings").isEmpty(),
                    "each unchecked client is in the log");
            assertEquals(List.of(), log.stackTraces(t.stopping(), Long.MAX_VALUE));
            // at least one: a blip just after the restart may log one more short outage, rightly
            assertTrue(log.events(t.up(), Long.MAX_VALUE, Level.INFO, servers + " available again").size() >= 1,
                    LogCapture.show(log.events(t.up(), Long.MAX_VALUE, Level.INFO, "dnsbl")));
        }
    }

    /** 127.{net}.x.y, a different address for each {@code n} (1 to 250 in the last two octets). */
    private static InetAddress address(int net, int n) {
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) net, (byte) (n / 250 % 250 + 1), (byte) (n % 250 + 1)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isListed(Exchange.Result r) {
        return r.step().equals("CONNECT") && r.reply().startsWith("554 5.7.1 ")
                && r.reply().contains("blocked using zen.test");
    }

    /** Ready when it answers for a listed address. */
    private static BooleanSupplier answering(int port) {
        return () -> {
            try {
                SimpleResolver probe = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                probe.setTimeout(Duration.ofMillis(200));
                Message q = Message.newQuery(Record.newRecord(Name.fromString("1.0.20.127.zen.test."), Type.A, DClass.IN));
                return !probe.send(q).getSection(1).isEmpty();
            } catch (IOException e) {
                return false;
            }
        };
    }
}
