package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;

/**
 * Issue 7 end to end: the daemon as a process with the shipped {@code conf/logback.xml}, spoken to over
 * IMAP, POP3 and SMTP submission (implicit TLS) from several loopback addresses (127.0.0.2, .3, ...),
 * then its log read by the real {@code fail2ban-regex} with the shipped filter. About 15 seconds: the
 * lockout time is 4s and the test waits it out twice.
 */
class BruteForceTest {
    private static final long LOCKOUT_MS = 4000;

    @Test
    void failuresAreSlowedThenLockedOnEveryProtocolAndFail2banSeesThem(@TempDir Path dir) throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        int imap = DaemonTest.freePort();
        int pop3 = DaemonTest.freePort();
        int smtp = DaemonTest.freePort();
        int metrics = DaemonTest.freePort();
        Path conf = DaemonTest.projectConf();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + conf.resolve("logback.xml"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--config", conf.toString()));
        for (String set : List.of("data.dir=" + dir.resolve("data"), "directory.ldif=" + ldif,
                "server.hostname=mx.example.test", "imap.listen=127.0.0.1:" + imap, "pop3.listen=127.0.0.1:" + pop3,
                "submissions.listen=127.0.0.1:" + smtp, "smtp.listen=", "submission.listen=", "lmtp.listen=",
                "imaps.listen=", "pop3s.listen=", "auth.failure_delay=10ms", "auth.failure_delay_max=50ms",
                "auth.lockout_failures=3", "auth.lockout_user_failures=5", "auth.lockout_time=" + LOCKOUT_MS + "ms",
                "auth.lockout_exempt=", "metrics.listen=127.0.0.1:" + metrics)) {
            cmd.addAll(List.of("--set", set));
        }
        Path out = dir.resolve("mail.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            for (int port : new int[] {imap, pop3, smtp}) {
                awaitPort(p, port, out);
            }
            // 1. three wrong passwords from .2 lock the address: the right one is refused on every protocol
            long addressLocked;
            try (Client c = Client.imap("127.0.0.2", imap)) {
                for (int i = 1; i <= 3; i++) {
                    assertTrue(c.imap("a" + i + " LOGIN bob wrong" + i).startsWith("a" + i + " NO [AUTHENTICATIONFAILED]"));
                }
                addressLocked = System.nanoTime();
                assertEquals("a4 NO [UNAVAILABLE] too many failed logins, try again later", c.imap("a4 LOGIN bob bob-Secret2"));
            }
            try (Client c = Client.pop3("127.0.0.2", pop3)) {
                assertEquals("-ERR [SYS/TEMP] too many failed logins, try again later", c.pop3Login("bob", "bob-Secret2"));
            }
            try (Client c = Client.smtp("127.0.0.2", smtp)) {
                assertEquals("454 4.7.0 Too many failed authentications, try again later", c.smtpAuth("bob", "bob-Secret2"));
            }
            // 2. another address is not affected
            try (Client c = Client.imap("127.0.0.3", imap)) {
                assertTrue(c.imap("b1 LOGIN bob bob-Secret2").startsWith("b1 OK"));
            }
            // 3. the same on POP3 and SMTP from addresses of their own
            try (Client c = Client.pop3("127.0.0.4", pop3)) {
                for (int i = 1; i <= 3; i++) {
                    assertEquals("-ERR [AUTH] authentication failed", c.pop3Login("alice", "wrong" + i));
                }
                assertEquals("-ERR [SYS/TEMP] too many failed logins, try again later", c.pop3Login("alice", "alice-Secret1"));
            }
            try (Client c = Client.smtp("127.0.0.5", smtp)) {
                for (int i = 1; i <= 3; i++) {
                    assertEquals("535 5.7.8 Authentication credentials invalid", c.smtpAuth("erin", "wrong" + i));
                }
                assertEquals("454 4.7.0 Too many failed authentications, try again later", c.smtpAuth("erin", "erin-Secret5"));
            }
            // 4. five failures for carol from three addresses lock the name, against those addresses only
            String[] from = {"127.0.0.6", "127.0.0.6", "127.0.0.7", "127.0.0.7", "127.0.0.8"};
            for (int i = 0; i < from.length; i++) {
                try (Client c = Client.imap(from[i], imap)) {
                    assertTrue(c.imap("c" + i + " LOGIN CAROL wrong" + i).startsWith("c" + i + " NO [AUTHENTICATIONFAILED]"));
                }
            }
            long userLocked = System.nanoTime();
            try (Client c = Client.imap("127.0.0.6", imap)) {
                assertEquals("d1 NO [UNAVAILABLE] too many failed logins, try again later", c.imap("d1 LOGIN carol carol-Secret3"));
            }
            try (Client c = Client.smtp("127.0.0.9", smtp)) {
                assertEquals("235 2.7.0 Authentication successful", c.smtpAuth("carol", "carol-Secret3"),
                        "the real user from a clean address still gets in");
            }
            // 5. after the lockout time the right password works again
            sleepUntil(addressLocked + TimeUnit.MILLISECONDS.toNanos(LOCKOUT_MS + 300));
            try (Client c = Client.imap("127.0.0.2", imap)) {
                assertTrue(c.imap("e1 LOGIN bob bob-Secret2").startsWith("e1 OK"));
            }
            sleepUntil(userLocked + TimeUnit.MILLISECONDS.toNanos(LOCKOUT_MS + 300));
            try (Client c = Client.pop3("127.0.0.6", pop3)) {
                assertTrue(c.pop3Login("carol", "carol-Secret3").startsWith("+OK"));
            }
            // 6. the metrics count each lockout and each refused attempt
            String scrape;
            try (var stream = new java.net.URL("http://127.0.0.1:" + metrics + "/metrics").openStream()) {
                scrape = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (String line : List.of(
                    "mailserver_login_lockouts_total{protocol=\"imap\",scope=\"address\"} 1.0",
                    "mailserver_login_lockouts_total{protocol=\"imap\",scope=\"user\"} 1.0",
                    "mailserver_login_lockouts_total{protocol=\"pop3\",scope=\"address\"} 1.0",
                    "mailserver_login_lockouts_total{protocol=\"submissions\",scope=\"address\"} 1.0",
                    "mailserver_logins_total{protocol=\"imap\",result=\"locked\"} 2.0",
                    "mailserver_logins_total{protocol=\"pop3\",result=\"locked\"} 2.0",
                    "mailserver_logins_total{protocol=\"submissions\",result=\"locked\"} 2.0")) {
                assertTrue(scrape.contains(line + "\n"), line + " in\n" + scrape);
            }
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        String log = Files.readString(out);
        assertTrue(log.contains("mail: imap: auth locked client=127.0.0.2:"), log);
        assertTrue(log.contains(" user=bob scope=address failures=3 for=4s"), log);
        assertTrue(log.contains(" user=CAROL scope=user failures=5 for=4s"), log);

        // failures and refused attempts per address, as the jail "mailserver" counts them
        Map<String, Long> normal = fail2ban(out, "");
        if (normal == null) {
            return; // fail2ban-regex is not installed (scripts/install-test-deps installs it; CI has it)
        }
        assertEquals(new TreeMap<>(Map.of("127.0.0.2", 6L, "127.0.0.4", 4L, "127.0.0.5", 4L, "127.0.0.6", 3L,
                "127.0.0.7", 2L, "127.0.0.8", 1L)), normal, log);
        // mode=lockout: the addresses the server locked out, once each
        assertEquals(new TreeMap<>(Map.of("127.0.0.2", 1L, "127.0.0.4", 1L, "127.0.0.5", 1L)),
                fail2ban(out, "[mode=lockout]"), log);
    }

    /** The IPs fail2ban-regex finds with the shipped filter, counted; null when it is not installed. */
    private static Map<String, Long> fail2ban(Path log, String options) throws Exception {
        Path filter = DaemonTest.projectConf().resolve("fail2ban/filter.d/mailserver.conf");
        Process p;
        try {
            p = new ProcessBuilder("fail2ban-regex", "-o", "ip", log.toString(), filter + options)
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("fail2ban-regex is missing: run scripts/install-test-deps", e);
            }
            return null;
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), text);
        return text.lines().map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static void awaitPort(Process p, int port, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("port " + port + " never opened: " + Files.readString(out));
    }

    /** A line client from a chosen loopback address, plain or with implicit TLS. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        private Client(String local, int port, boolean tls) throws Exception {
            Socket plain = new Socket();
            plain.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            plain.setSoTimeout(20_000);
            if (tls) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new X509TrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String type) {
                    }

                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String type) {
                    }

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                }}, null);
                SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
                s.startHandshake();
                socket = s;
            } else {
                socket = plain;
            }
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        static Client imap(String local, int port) throws Exception {
            Client c = new Client(local, port, false);
            assertTrue(c.in.readLine().startsWith("* OK"));
            return c;
        }

        static Client pop3(String local, int port) throws Exception {
            Client c = new Client(local, port, false);
            assertTrue(c.in.readLine().startsWith("+OK"));
            return c;
        }

        static Client smtp(String local, int port) throws Exception {
            Client c = new Client(local, port, true);
            assertTrue(c.smtpReply().startsWith("220"));
            c.send("EHLO client.example.test");
            assertTrue(c.smtpReply().startsWith("250"));
            return c;
        }

        void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Sends a tagged command and returns its tagged reply, skipping untagged lines. */
        String imap(String command) throws IOException {
            send(command);
            String tag = command.substring(0, command.indexOf(' ') + 1);
            String line;
            while ((line = in.readLine()) != null && !line.startsWith(tag)) {
                // untagged data
            }
            return line;
        }

        String pop3Login(String user, String password) throws IOException {
            send("USER " + user);
            assertTrue(in.readLine().startsWith("+OK"));
            send("PASS " + password);
            return in.readLine();
        }

        String smtpAuth(String user, String password) throws IOException {
            send("AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                    .getBytes(StandardCharsets.UTF_8)));
            return smtpReply();
        }

        /** The last line of an SMTP reply. */
        String smtpReply() throws IOException {
            String line;
            do {
                line = in.readLine();
            } while (line != null && line.length() > 3 && line.charAt(3) == '-');
            return line;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
