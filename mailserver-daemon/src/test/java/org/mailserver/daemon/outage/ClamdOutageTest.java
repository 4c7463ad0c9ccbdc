package org.mailserver.daemon.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.ScannerDaemon;
import org.mailserver.daemon.TestDaemon;

/**
 * Issue 7, clamd: a real clamd (the EICAR test signature only) killed under SMTP load, then a black
 * hole on its port, then started again. Meanwhile every message, the EICAR one too, gets 451 4.7.1
 * ({@code filter.clamd.on_failure = defer}) within the scan timeout: never a 5xx, never a 250 for
 * an unscanned message; the outage is logged in a line or two, not once per message; and mail is
 * scanned and delivered again once clamd is back, without restarting the server. About 20 s.
 */
class ClamdOutageTest {
    private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void clamdKilledThenHangingThenBack() throws Exception {
        Path binary = ScannerDaemon.require("clamd", "clamav-daemon");
        int port = ScannerDaemon.freePort();
        Path db = Files.createDirectories(dir.resolve("clamdb"));
        byte[] eicar = Setup.EICAR.getBytes(StandardCharsets.US_ASCII);
        String md5 = String.format("%032x", new BigInteger(1, MessageDigest.getInstance("MD5").digest(eicar)));
        Files.writeString(db.resolve("test.hdb"), md5 + ":" + eicar.length + ":Eicar-Test-Signature\n");
        Path conf = dir.resolve("clamd.conf");
        Files.writeString(conf, "DatabaseDirectory " + db + "\nTCPSocket " + port + "\nTCPAddr 127.0.0.1\n"
                + "Foreground yes\nUser root\nPidFile " + dir.resolve("clamd.pid") + "\n");
        int smtp = TestDaemon.freePort();
        String clamdAt = "clamd at 127.0.0.1:" + port;
        try (Service clamd = new Service("clamd", dir, List.of(binary.toString(), "-c", conf.toString()),
                     Service.listening(port)).start(Duration.ofSeconds(120));
             LogCapture log = new LogCapture();
             TestDaemon daemon = TestDaemon.start(Setup.settings(dir, smtp, "filter.clamd=127.0.0.1:" + port,
                     "filter.clamd.timeout=" + SCAN_TIMEOUT.toMillis() + "ms", "filter.clamd.on_failure=defer"))) {
            Load load = new Load()
                    .add("clean", 2, n -> Exchange.mail("clean", smtp, false, null, "bob@example.test",
                            Setup.clean(n), Setup.CLIENT_TIMEOUT))
                    .add("eicar", 1, n -> Exchange.mail("eicar", smtp, false, null, "bob@example.test",
                            Setup.eicar(n), Setup.CLIENT_TIMEOUT));
            Outage.Timeline t;
            try {
                t = Outage.run(load, clamd::kill, () -> BlackHole.tcp(port), () -> clamd.start(Duration.ofSeconds(60)),
                        r -> r.kind().equals("eicar") && isVirus(r), Duration.ofSeconds(2), "clean", "eicar");
            } finally {
                load.close();
            }
            List<Exchange.Result> all = load.results();
            System.out.println("clamd outage: " + Outage.summary(all, t));

            Outage.assertAnswered(all, SCAN_TIMEOUT.plusSeconds(3));
            Outage.assertTimedOut(all, t, SCAN_TIMEOUT);
            Outage.assertWithin(all, "clean", 0, t.stopping(), 2, Exchange.Result::delivered, "warm-up");
            Outage.assertWithin(all, "eicar", 0, t.stopping(), 1, ClamdOutageTest::isVirus, "warm-up");
            for (String kind : List.of("clean", "eicar")) {
                Outage.assertWithin(all, kind, t.down(), t.up(), 4, ClamdOutageTest::deferred, "outage");
            }
            assertTrue(all.stream().noneMatch(r -> r.kind().equals("eicar") && r.delivered()),
                    "the EICAR message was accepted: " + Outage.show(all));
            assertTrue(all.stream().allMatch(r -> r.code() < 500 || isVirus(r)), "a 5xx: " + Outage.show(all));
            Outage.assertWithin(all, "clean", t.recovered(), Long.MAX_VALUE, 2, Exchange.Result::delivered, "recovery");
            Outage.assertWithin(all, "eicar", t.recovered(), Long.MAX_VALUE, 1, ClamdOutageTest::isVirus, "recovery");
            assertTrue(t.recoveryMillis() < 10_000, t.toString());

            List<ILoggingEvent> warnings = log.events(t.stopping(), t.up(), Level.WARN, "");
            List<ILoggingEvent> named = log.events(t.stopping(), t.up(), Level.WARN, clamdAt + " unavailable");
            assertEquals(1, named.size(), "one line for the whole outage:" + LogCapture.show(warnings));
            assertTrue(warnings.size() <= 2, "no line per message:" + LogCapture.show(warnings));
            assertEquals(List.of(), log.stackTraces(t.stopping(), Long.MAX_VALUE));
            // at least one: a blip just after the restart may log one more short outage, rightly
            assertTrue(log.events(t.up(), Long.MAX_VALUE, Level.INFO, clamdAt + " available again").size() >= 1,
                    LogCapture.show(log.events(t.up(), Long.MAX_VALUE, Level.INFO, "clamd")));
        }
    }

    private static boolean isVirus(Exchange.Result r) {
        return r.step().equals("DATA") && r.reply().startsWith("554 5.7.1 Virus found: Eicar-Test-Signature");
    }

    private static boolean deferred(Exchange.Result r) {
        return r.step().equals("DATA") && r.reply().startsWith("451 4.7.1 ");
    }
}
