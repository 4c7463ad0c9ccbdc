package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.config.Settings;
import org.mailserver.core.dns.TestDnsServer;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.spf.SpfFilter;
import org.mailserver.core.testing.TestLdif;
import org.xbill.DNS.Type;

/**
 * The filter chains built from the settings, and SPF through a real SMTP session: the daemon on free
 * ports asking a real DNS server ({@link TestDnsServer}) for the senders' SPF records.
 */
class FiltersTest {
    @TempDir
    static Path dir;
    static TestDnsServer dns;
    static Daemon daemon;
    static int smtp;

    @BeforeAll
    static void start() throws Exception {
        dns = new TestDnsServer();
        dns.add("pass.test.", Type.TXT, "\"v=spf1 ip4:127.0.0.0/8 -all\"")
                .add("fail.test.", Type.TXT, "\"v=spf1 ip4:192.0.2.1 -all\"");
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        smtp = DaemonTest.freePort();
        daemon = Daemon.start(Configuration.load(DaemonTest.projectConf(), List.of("server.hostname=mx.example.test",
                "domains=example.test", "data.dir=" + dir.resolve("data"), "directory.ldif=" + ldif,
                "smtp.listen=127.0.0.1:" + smtp, "lmtp.listen=", "pop3.listen=", "imap.listen=", "submission.listen=",
                "submissions.listen=", "imaps.listen=", "pop3s.listen=", "filter.spf=true",
                "dns.servers=127.0.0.1:" + dns.address().getPort())));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void spfFailIsRefusedAtMailAndAPassIsDeliveredWithTheResultHeaders() throws Exception {
        try (LineClient c = new LineClient(smtp)) {
            assertTrue(c.reply().get(0).startsWith("220 "));
            c.send("EHLO client.remote.test\r\n");
            assertTrue(c.reply().get(0).startsWith("250"));
            c.send("MAIL FROM:<forger@fail.test>\r\n");
            assertEquals(List.of("550 5.7.23 SPF validation failed: domain fail.test does not designate 127.0.0.1"
                    + " as permitted sender (policy spf)"), c.reply());
            c.send("MAIL FROM:<someone@pass.test>\r\n");
            assertTrue(c.reply().get(0).startsWith("250 "));
            c.send("RCPT TO:<bob@example.test>\r\n");
            assertTrue(c.reply().get(0).startsWith("250 "));
            c.send("DATA\r\n");
            assertTrue(c.reply().get(0).startsWith("354"));
            c.send("Subject: spf\r\n\r\nchecked\r\n.\r\n");
            List<String> r = c.reply();
            assertTrue(r.get(0).startsWith("250 2."), r.toString());
        }
        try (Stream<Path> files = Files.list(dir.resolve("data/mail/example.test/bob/new"))) {
            String stored = Files.readString(files.findFirst().orElseThrow());
            assertTrue(stored.contains("\r\nReceived-SPF: pass (mx.example.test: domain of someone@pass.test designates"
                    + " 127.0.0.1 as permitted sender) client-ip=127.0.0.1; envelope-from=\"someone@pass.test\";"
                    + " helo=client.remote.test; receiver=mx.example.test; identity=mailfrom;"
                    + " mechanism=\"ip4:127.0.0.0/8\"\r\n"), stored);
            assertTrue(stored.contains("\r\nAuthentication-Results: mx.example.test; spf=pass"
                    + " smtp.mailfrom=someone@pass.test\r\n"), stored);
        }
    }

    @Test
    void spfRunsOnTheMxChainOnly() throws Exception {
        Settings on = new Settings(Map.of("filter.spf", "true"));
        try (Filters f = Filters.build(FilterSettings.from(on))) {
            assertEquals(List.of(), on.problems());
            assertEquals(1, f.mx.filters().stream().filter(SpfFilter.class::isInstance).count());
            assertTrue(f.submission.filters().stream().noneMatch(SpfFilter.class::isInstance));
        }
        try (Filters f = Filters.build(FilterSettings.from(new Settings(Map.of())))) {
            assertTrue(f.mx.filters().stream().map(Filter::policy).noneMatch("spf"::equals), "off by default");
        }
    }
}
