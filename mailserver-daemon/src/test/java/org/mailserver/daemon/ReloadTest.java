package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;
import org.mailserver.core.tls.SelfSignedCertificates;
import org.slf4j.LoggerFactory;

/**
 * Reload (SIGHUP's entry point, {@link Daemon#reload()}) under a running daemon: a changed header
 * checks map, a broken map or file, a new certificate, a changed LDIF, a changed transport map, and a
 * key that needs a restart. Real sockets throughout; connections opened before a reload must stay
 * open and usable.
 */
class ReloadTest {
    private static final String PASSING_MAP = "/^Subject: never sent by this test/  REJECT 5.7.1 not this one\n";
    private static final String REJECTING_MAP = "/^Subject: .*reload me/  REJECT 5.7.1 Subject refused after reload\n";
    private static final String REFUSED = "550 5.7.1 Subject refused after reload (policy header_checks)";

    @TempDir
    Path dir;
    private Path conf;
    private Path map;
    private Path ldif;
    private Path transport;
    private final int[] remotes = new int[2];
    private Daemon daemon;
    private int smtp;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        conf = Files.createDirectories(dir.resolve("conf"));
        Files.copy(DaemonTest.projectConf().resolve("mailserver.conf"), conf.resolve("mailserver.conf"));
        map = dir.resolve("header_checks");
        Files.writeString(map, PASSING_MAP);
        ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        SelfSignedCertificates.generate("first.example.test", dir.resolve("cert.pem"), dir.resolve("key.pem"));
        smtp = DaemonTest.freePort();
        remotes[0] = DaemonTest.freePort();
        remotes[1] = DaemonTest.freePort();
        transport = dir.resolve("transport");
        Files.writeString(transport, "remote.test  smtp:[127.0.0.1]:" + remotes[0] + "\n");
        List<String> sets = List.of("server.hostname=mx.example.test", "domains=example.test",
                "data.dir=" + dir.resolve("data"), "directory.ldif=" + ldif, "smtp.listen=127.0.0.1:" + smtp,
                "submission.listen=", "submissions.listen=", "lmtp.listen=", "imap.listen=", "imaps.listen=",
                "pop3.listen=", "pop3s.listen=", "filter.header_checks=" + map,
                "tls.cert=" + dir.resolve("cert.pem"), "tls.key=" + dir.resolve("key.pem"),
                "relay.transport_maps=" + transport, "smtp.trusted_networks=127.0.0.0/8");
        daemon = Daemon.start(Configuration.load(conf, sets));
        log.start();
        ((Logger) LoggerFactory.getLogger(Reloader.class)).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(Reloader.class)).detachAppender(log);
        if (daemon != null) {
            daemon.stop();
        }
    }

    @Test
    void aChangedMapRefusesTheNextTransactionWhileAConnectionOpenedBeforeGoesOn() throws Exception {
        try (LineClient c = greeted()) {
            assertTrue(message(c, "please reload me").get(0).startsWith("250 "), "passes before the reload");
        }
        try (LineClient before = greeted()) {
            Files.writeString(map, REJECTING_MAP);
            Reloader.Outcome outcome = daemon.reload();
            assertTrue(outcome.applied(), outcome.line());
            assertTrue(outcome.line().contains("changed: filter.header_checks (file contents)"), outcome.line());
            assertEquals(List.of(outcome.line()), lines(Level.INFO));

            try (LineClient after = greeted()) {
                List<String> r = message(after, "please reload me");
                assertEquals(REFUSED, r.get(0));
                // the same connection goes on: the next transaction starts fresh
                assertTrue(message(after, "something else").get(0).startsWith("250 "));
            }
            // opened before the reload: still open, and it keeps the filters it began with
            before.send("NOOP\r\n");
            assertTrue(before.reply().get(0).startsWith("250"));
            assertTrue(message(before, "please reload me").get(0).startsWith("250 "));
        }
        // a second reload with nothing changed says so
        Reloader.Outcome again = daemon.reload();
        assertTrue(again.applied());
        assertTrue(again.line().contains("nothing to apply"), again.line());
    }

    @Test
    void aBrokenMapOrConfigurationIsRefusedAndTheRunningOneStays() throws Exception {
        Files.writeString(map, REJECTING_MAP);
        assertTrue(daemon.reload().applied());

        Files.writeString(map, "/^Subject: (unclosed/  REJECT\n");
        Reloader.Outcome broken = daemon.reload();
        assertFalse(broken.applied());
        assertTrue(broken.line().startsWith("reload refused, the running configuration stays: "), broken.line());
        assertTrue(broken.line().contains("filter.header_checks"), broken.line());
        assertTrue(lines(Level.ERROR).contains(broken.line()), lines(Level.ERROR).toString());
        try (LineClient c = greeted()) {
            assertEquals(REFUSED, message(c, "reload me").get(0));
        }

        Files.writeString(map, PASSING_MAP);
        edit("smtp.max_message_size = 52428800", "smtp.max_message_size = lots");
        Reloader.Outcome badConf = daemon.reload();
        assertFalse(badConf.applied());
        assertTrue(badConf.line().contains("smtp.max_message_size = 'lots'"), badConf.line());
        try (LineClient c = greeted()) {
            assertEquals(REFUSED, message(c, "reload me").get(0),
                    "nothing of the refused reload applies, not even the good map");
        }

        // a missing certificate: refused too, with the TLS of the running configuration kept
        Files.writeString(conf.resolve("mailserver.conf"), Files.readString(
                DaemonTest.projectConf().resolve("mailserver.conf")));
        Files.delete(dir.resolve("key.pem"));
        Files.writeString(dir.resolve("key.pem"), "not a key\n");
        Reloader.Outcome badKey = daemon.reload();
        assertFalse(badKey.applied());
        assertTrue(badKey.line().contains("key.pem"), badKey.line());
        try (TlsClient c = new TlsClient(smtp)) {
            assertEquals("CN=first.example.test", c.peer().getSubjectX500Principal().getName());
            assertEquals(REFUSED, c.message("reload me"));
        }
    }

    @Test
    void aNewCertificateIsSeenByTheNextStartTlsHandshake() throws Exception {
        try (TlsClient before = new TlsClient(smtp)) {
            assertEquals("CN=first.example.test", before.peer().getSubjectX500Principal().getName());
            // renewed in place, as certbot or an operator does: same paths, new contents
            SelfSignedCertificates.generate("second.example.test", dir.resolve("new-cert.pem"),
                    dir.resolve("new-key.pem"));
            Files.move(dir.resolve("new-cert.pem"), dir.resolve("cert.pem"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(dir.resolve("new-key.pem"), dir.resolve("key.pem"),
                    StandardCopyOption.REPLACE_EXISTING);
            Reloader.Outcome outcome = daemon.reload();
            assertTrue(outcome.applied(), outcome.line());
            assertTrue(outcome.line().contains("tls.cert (file contents), tls.key (file contents)"), outcome.line());
            try (TlsClient after = new TlsClient(smtp)) {
                assertEquals("CN=second.example.test", after.peer().getSubjectX500Principal().getName());
                assertTrue(after.message("hello").startsWith("250 "));
            }
            // the session under the old certificate goes on
            assertTrue(before.message("still here").startsWith("250 "));
        }
    }

    @Test
    void aChangedLdifIsTheNextLookupsDirectory() throws Exception {
        try (LineClient c = greeted()) {
            c.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<frank@example.test>\r\n");
            assertTrue(c.reply().get(0).startsWith("250"));
            assertTrue(c.reply().get(0).startsWith("550 5.1.1"));
        }
        List<TestLdif.TestUser> users = new ArrayList<>(TestLdif.USERS);
        users.add(new TestLdif.TestUser("frank", "frank-Secret6"));
        TestLdif.write(ldif, users);
        Reloader.Outcome outcome = daemon.reload();
        assertTrue(outcome.line().contains("changed: directory.ldif (file contents)"), outcome.line());
        try (LineClient c = greeted()) {
            c.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<frank@example.test>\r\nRCPT TO:<bob@example.test>\r\n");
            assertTrue(c.reply().get(0).startsWith("250"));
            assertTrue(c.reply().get(0).startsWith("250"), "frank is known now");
            assertTrue(c.reply().get(0).startsWith("250"));
        }

        Files.writeString(ldif, "dn: dc=example,dc=test\nthis is not LDIF\n");
        Reloader.Outcome broken = daemon.reload();
        assertFalse(broken.applied(), broken.line());
        try (LineClient c = greeted()) {
            c.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<frank@example.test>\r\n");
            assertTrue(c.reply().get(0).startsWith("250"));
            assertTrue(c.reply().get(0).startsWith("250"), "the directory of the last good reload answers");
        }
    }

    @Test
    void aChangedTransportMapRoutesTheNextQueuedMessage() throws Exception {
        GreenMail first = new GreenMail(new ServerSetup(remotes[0], "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        GreenMail second = new GreenMail(new ServerSetup(remotes[1], "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        first.start();
        second.start();
        try {
            try (LineClient c = greeted()) {
                assertTrue(relay(c, "to the first").startsWith("250 "));
            }
            assertTrue(first.waitForIncomingEmail(20_000, 1));
            Files.writeString(transport, "# moved\nremote.test  smtp:[127.0.0.1]:" + remotes[1] + "\n");
            Reloader.Outcome outcome = daemon.reload();
            assertTrue(outcome.line().contains("changed: relay.transport_maps (file contents)"), outcome.line());
            try (LineClient c = greeted()) {
                assertTrue(relay(c, "to the second").startsWith("250 "));
            }
            assertTrue(second.waitForIncomingEmail(20_000, 1));
            assertEquals("to the second", second.getReceivedMessages()[0].getSubject());
            assertEquals(1, first.getReceivedMessages().length);
        } finally {
            first.stop();
            second.stop();
        }
    }

    @Test
    void aKeyThatNeedsARestartIsNamedAndTheRestApplied() throws Exception {
        edit("limits.connections = 1000", "limits.connections = 999");
        Files.writeString(map, REJECTING_MAP);
        Reloader.Outcome outcome = daemon.reload();
        assertTrue(outcome.applied(), outcome.line());
        assertTrue(lines(Level.WARN).stream().anyMatch(l -> l.contains("limits.connections changed but need(s) a restart")),
                lines(Level.WARN).toString());
        try (LineClient c = greeted()) {
            assertEquals(REFUSED, message(c, "reload me").get(0));
        }
        // what was rebuilt saw the start's value too, not the file's
        assertEquals("1000", daemon.applied().values().getOrDefault("limits.connections", "1000"));
    }

    private void edit(String line, String replacement) throws IOException {
        String text = Files.readString(conf.resolve("mailserver.conf"));
        assertTrue(text.contains("\n" + line + "\n"), line);
        Files.writeString(conf.resolve("mailserver.conf"), text.replace("\n" + line + "\n", "\n" + replacement + "\n"));
    }

    private List<String> lines(Level level) {
        return log.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private LineClient greeted() throws IOException {
        LineClient c = new LineClient(smtp);
        assertTrue(c.reply().get(0).startsWith("220 "));
        c.send("EHLO client.remote.test\r\n");
        assertTrue(c.reply().get(0).startsWith("250"));
        return c;
    }

    /** One transaction to bob; returns the reply to the end of data (or the first refusal). */
    private static List<String> message(LineClient c, String subject) throws IOException {
        c.send("MAIL FROM:<a@remote.test>\r\n");
        assertTrue(c.reply().get(0).startsWith("250"));
        c.send("RCPT TO:<bob@example.test>\r\n");
        assertTrue(c.reply().get(0).startsWith("250"));
        c.send("DATA\r\n");
        assertTrue(c.reply().get(0).startsWith("354"));
        c.send(body(subject) + ".\r\n");
        return c.reply();
    }

    /** One message to friend@remote.test, relayed (the client is in smtp.trusted_networks). */
    private static String relay(LineClient c, String subject) throws IOException {
        c.send("MAIL FROM:<a@example.test>\r\nRCPT TO:<friend@remote.test>\r\nDATA\r\n");
        assertTrue(c.reply().get(0).startsWith("250"));
        assertTrue(c.reply().get(0).startsWith("250"));
        assertTrue(c.reply().get(0).startsWith("354"));
        c.send("From: a@example.test\r\nTo: friend@remote.test\r\nSubject: " + subject + "\r\n\r\nhi\r\n.\r\n");
        return c.reply().get(0);
    }

    private static String body(String subject) {
        return "From: a@remote.test\r\nTo: bob@example.test\r\nSubject: " + subject + "\r\n\r\nhello\r\n";
    }

    /** SMTP with STARTTLS, trusting any certificate, to see which one the server presents. */
    private static final class TlsClient implements AutoCloseable {
        private final SSLSocket tls;
        private final BufferedReader in;
        private final OutputStream out;

        TlsClient(int port) throws Exception {
            Socket plain = new Socket("127.0.0.1", port);
            plain.setSoTimeout(20_000);
            BufferedReader r = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream w = plain.getOutputStream();
            assertTrue(reply(r).startsWith("220 "));
            w.write("EHLO client.remote.test\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(reply(r).startsWith("250 "));
            w.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(reply(r).startsWith("220 "));
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            tls = (SSLSocket) ssl.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
            tls.startHandshake();
            in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
            out = tls.getOutputStream();
            send("EHLO client.remote.test\r\n");
            assertTrue(reply(in).startsWith("250 "));
        }

        X509Certificate peer() throws Exception {
            return (X509Certificate) tls.getSession().getPeerCertificates()[0];
        }

        String message(String subject) throws IOException {
            send("MAIL FROM:<a@remote.test>\r\n");
            assertTrue(reply(in).startsWith("250"));
            send("RCPT TO:<bob@example.test>\r\n");
            assertTrue(reply(in).startsWith("250"));
            send("DATA\r\n");
            assertTrue(reply(in).startsWith("354"));
            send(body(subject) + ".\r\n");
            return reply(in);
        }

        private void send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** The last line of a reply. */
        private static String reply(BufferedReader r) throws IOException {
            String l;
            do {
                l = r.readLine();
            } while (l != null && l.length() > 3 && l.charAt(3) == '-');
            return l;
        }

        @Override
        public void close() throws IOException {
            tls.close();
        }
    }
}
