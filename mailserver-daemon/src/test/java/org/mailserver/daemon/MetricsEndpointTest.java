package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.dns.TestDnsServer;
import org.mailserver.core.testing.PrometheusText;
import org.mailserver.core.testing.TestLdif;
import org.xbill.DNS.Type;

/**
 * {@code metrics.listen} end to end: the daemon on free ports, real SMTP, POP3 and IMAP sessions
 * over sockets, then {@code GET /metrics} parsed as Prometheus text, each counter checked against
 * the traffic sent (the difference from a scrape taken before).
 */
class MetricsEndpointTest {
    @TempDir
    static Path dir;
    static TestDnsServer dns;
    static Daemon daemon;
    static int smtp;
    static int pop3;
    static int imap;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        dns = new TestDnsServer();
        dns.add("pass.test.", Type.TXT, "\"v=spf1 ip4:127.0.0.0/8 -all\"")
                .add("fail.test.", Type.TXT, "\"v=spf1 ip4:192.0.2.1 -all\"");
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        smtp = DaemonTest.freePort();
        pop3 = DaemonTest.freePort();
        imap = DaemonTest.freePort();
        int metrics = DaemonTest.freePort();
        url = "http://127.0.0.1:" + metrics + "/metrics";
        daemon = Daemon.start(Configuration.load(DaemonTest.projectConf(), List.of("server.hostname=mx.example.test",
                "domains=example.test", "data.dir=" + dir.resolve("data"), "directory.ldif=" + ldif,
                "smtp.listen=127.0.0.1:" + smtp, "pop3.listen=127.0.0.1:" + pop3, "imap.listen=127.0.0.1:" + imap,
                "lmtp.listen=", "submission.listen=", "submissions.listen=", "imaps.listen=", "pop3s.listen=",
                "metrics.listen=127.0.0.1:" + metrics, "auth.failure_delay=10ms", "filter.spf=true",
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
    void countersFollowTheTraffic() throws Exception {
        PrometheusText before = PrometheusText.fetch(url);
        assertEquals(0, before.value("mailserver_queue_messages"));
        assertEquals(0, before.value("mailserver_queue_oldest_age_seconds"));
        assertTrue(before.names().contains("jvm_memory_used_bytes"), before.names().toString());

        smtp();
        pop3();
        imap();

        PrometheusText after = PrometheusText.fetch(url);
        for (int i = 0; i < 100 && open(after) > 0; i++) { // a closed socket is counted out on its event loop
            Thread.sleep(50);
            after = PrometheusText.fetch(url);
        }
        Delta d = new Delta(before, after);
        // the shared transport: one connection each, all closed again
        d.is(1, "mailserver_connections_total", "protocol", "smtp");
        d.is(1, "mailserver_connections_total", "protocol", "pop3");
        d.is(1, "mailserver_connections_total", "protocol", "imap");
        assertEquals(0, open(after), after.toString());
        d.is(0, "mailserver_connections_refused_total", "protocol", "smtp", "reason", "address_limit");
        // logins: POP3 wrong then right; IMAP right
        d.is(1, "mailserver_logins_total", "protocol", "pop3", "result", "failure");
        d.is(1, "mailserver_logins_total", "protocol", "pop3", "result", "success");
        d.is(0, "mailserver_logins_total", "protocol", "pop3", "result", "temporary");
        d.is(1, "mailserver_logins_total", "protocol", "imap", "result", "success");
        d.is(0, "mailserver_logins_total", "protocol", "imap", "result", "failure");
        // messages: one SMTP message to bob, delivered into his Maildir; one IMAP APPEND (not a delivery)
        d.is(1, "mailserver_messages_received_total", "protocol", "smtp");
        d.is(1, "mailserver_messages_received_total", "protocol", "imap");
        d.is(1, "mailserver_messages_delivered_total", "transport", "local");
        d.is(1, "mailserver_delivery_seconds_count", "transport", "local");
        d.is(1, "mailserver_delivery_seconds_bucket", "transport", "local", "le", "+Inf");
        d.is(0, "mailserver_messages_deferred_total");
        d.is(0, "mailserver_messages_bounced_total");
        // refusals by policy: SPF at MAIL, an unknown user at RCPT
        d.is(1, "mailserver_smtp_rejections_total", "policy", "spf");
        d.is(1, "mailserver_smtp_rejections_total", "policy", "unknown_recipient");
        // IMAP commands, by the server's own names
        d.is(1, "mailserver_imap_commands_total", "command", "LOGIN");
        d.is(1, "mailserver_imap_commands_total", "command", "SELECT");
        d.is(2, "mailserver_imap_commands_total", "command", "FETCH"); // FETCH and UID FETCH
        d.is(1, "mailserver_imap_commands_total", "command", "APPEND");
        d.is(1, "mailserver_imap_commands_total", "command", "IDLE");
        d.is(1, "mailserver_imap_commands_total", "command", "LOGOUT");
        d.is(0, "mailserver_imap_commands_total", "command", "STORE");
        assertEquals(0, after.value("mailserver_imap_idle_sessions"));
        // the directory: RCPT bob and RCPT nobody looked up once each (misses); two POP3 binds, each
        // after a search for the login; the IMAP login with the same password came from the cache
        d.is(2, "mailserver_cache_requests_total", "cache", "directory_lookup", "result", "miss");
        d.is(0, "mailserver_cache_requests_total", "cache", "directory_lookup", "result", "hit");
        d.is(2, "mailserver_cache_requests_total", "cache", "directory_login", "result", "miss");
        d.is(1, "mailserver_cache_requests_total", "cache", "directory_login", "result", "hit");
        d.is(4, "mailserver_ldap_seconds_count", "operation", "search");
        d.is(2, "mailserver_ldap_seconds_count", "operation", "bind");
        // DNS: SPF's TXT queries for fail.test and pass.test (and the HELO name's, with reject_fail)
        assertTrue(d.of("mailserver_dns_seconds_count", "purpose", "spf") >= 2, after.toString());
        assertEquals(0, after.value("mailserver_queue_messages"));
    }

    private static double open(PrometheusText t) {
        return t.value("mailserver_connections_open", "protocol", "smtp")
                + t.value("mailserver_connections_open", "protocol", "pop3")
                + t.value("mailserver_connections_open", "protocol", "imap");
    }

    private static void smtp() throws Exception {
        try (LineClient c = new LineClient(smtp)) {
            assertTrue(c.reply().get(0).startsWith("220 "));
            c.send("EHLO client.remote.test\r\n");
            assertTrue(c.reply().get(0).startsWith("250"));
            c.send("MAIL FROM:<forger@fail.test>\r\n");
            assertTrue(c.reply().get(0).startsWith("550 5.7.23"));
            c.send("MAIL FROM:<someone@pass.test>\r\n");
            assertTrue(c.reply().get(0).startsWith("250 "));
            c.send("RCPT TO:<nobody@example.test>\r\n");
            assertTrue(c.reply().get(0).startsWith("550 5.1.1"));
            c.send("RCPT TO:<bob@example.test>\r\n");
            assertTrue(c.reply().get(0).startsWith("250 "));
            c.send("DATA\r\n");
            assertTrue(c.reply().get(0).startsWith("354"));
            c.send("From: someone@pass.test\r\nSubject: counted\r\n\r\nhello bob\r\n.\r\n");
            List<String> r = c.reply();
            assertTrue(r.get(0).startsWith("250 2."), r.toString());
            c.send("QUIT\r\n");
            assertTrue(c.reply().get(0).startsWith("221"));
        }
    }

    private static void pop3() throws Exception {
        try (LineClient c = new LineClient(pop3)) {
            assertTrue(c.line().startsWith("+OK"));
            c.send("USER bob\r\n");
            assertTrue(c.line().startsWith("+OK"));
            c.send("PASS wrong\r\n");
            String refused = c.line();
            assertTrue(refused.startsWith("-ERR [AUTH]"), refused);
            c.send("USER bob\r\n");
            assertTrue(c.line().startsWith("+OK"));
            c.send("PASS " + TestLdif.PASSWORDS.get("bob") + "\r\n");
            String ok = c.line();
            assertTrue(ok.startsWith("+OK maildrop has 1 messages"), ok);
            c.send("QUIT\r\n");
            assertTrue(c.line().startsWith("+OK"));
        }
    }

    private static void imap() throws Exception {
        try (LineClient c = new LineClient(imap)) {
            assertTrue(c.line().startsWith("* OK "));
            tagged(c, "a1", "LOGIN bob " + TestLdif.PASSWORDS.get("bob"));
            List<String> select = tagged(c, "a2", "SELECT INBOX");
            assertTrue(select.contains("* 1 EXISTS"), select.toString());
            List<String> fetch = tagged(c, "a3", "FETCH 1 (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertTrue(fetch.contains("Subject: counted"), fetch.toString());
            byte[] message = "Subject: appended\r\n\r\nby IMAP\r\n".getBytes(StandardCharsets.US_ASCII);
            c.send("a4 APPEND INBOX {" + message.length + "}\r\n");
            assertTrue(c.line().startsWith("+ "));
            c.send(new String(message, StandardCharsets.US_ASCII) + "\r\n");
            List<String> append = untilTagged(c, "a4");
            assertTrue(append.get(append.size() - 1).startsWith("a4 OK [APPENDUID"), append.toString());
            tagged(c, "a5", "UID FETCH 1:* (FLAGS)");
            c.send("a6 IDLE\r\n");
            String line;
            while (!(line = c.line()).startsWith("+ ")) {
                assertTrue(line.startsWith("* "), line);
            }
            assertEquals(1, PrometheusText.fetch(url).value("mailserver_imap_idle_sessions"));
            c.send("DONE\r\n");
            untilTagged(c, "a6");
            assertEquals(0, PrometheusText.fetch(url).value("mailserver_imap_idle_sessions"));
            c.send("a7 LOGOUT\r\n");
            untilTagged(c, "a7");
        }
    }

    /** Sends one command and reads to its tagged reply, which must be OK; returns every line. */
    private static List<String> tagged(LineClient c, String tag, String command) throws Exception {
        c.send(tag + " " + command + "\r\n");
        List<String> lines = untilTagged(c, tag);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith(tag + " OK"), lines.toString());
        return lines;
    }

    /** Lines up to and including the one tagged {@code tag}. */
    private static List<String> untilTagged(LineClient c, String tag) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = c.line();
            if (line == null) {
                throw new AssertionError("connection closed after " + lines);
            }
            lines.add(line);
        } while (!line.startsWith(tag + " "));
        return lines;
    }

    /** The change of each series between two scrapes. */
    private record Delta(PrometheusText before, PrometheusText after) {
        double of(String name, String... labels) {
            return after.value(name, labels) - before.valueOrZero(name, labels);
        }

        void is(double expected, String name, String... labels) {
            assertEquals(expected, of(name, labels), name + " " + String.join(",", labels));
        }
    }
}
