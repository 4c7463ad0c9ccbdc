package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;

/** The daemon as a process: --check, SIGHUP reloading, and SIGTERM ending in exit status 0. */
class MainProcessTest {

    private static Process launch(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--config", DaemonTest.projectConf().toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile()).start();
    }

    @Test
    void checkReportsEveryProblemAndBindsNothing(@TempDir Path dir) throws Exception {
        Process p = launch(dir, "--check", "--set", "pop3.listen=nowhere", "--set", "shutdown.grace=soon",
                "--set", "directory.ldif=" + dir.resolve("missing.ldif"), "--set", "no.such=1");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("pop3.listen = 'nowhere' is not allowed"), out);
        assertTrue(out.contains("shutdown.grace = 'soon' is not allowed"), out);
        assertTrue(out.contains("directory.ldif = '" + dir.resolve("missing.ldif") + "' is not allowed"), out);
        assertTrue(out.contains("unknown key 'no.such'"), out);
    }

    @Test
    void reportSummarisesTheMailLogOfADay(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("mail.log");
        Files.writeString(log, String.join("\n",
                "2026-11-23T14:09:26.182Z INFO  [loop-4] mail: lmtp: mail client=127.0.0.1:49880 id=1J0U8I3DD48VLR9H from=<a@remote.test>",
                "2026-11-23T14:09:26.260Z INFO  [blocking-2] mail: lmtp: id=1J0U8I3DD48VLR9H from=<a@remote.test> "
                        + "to=<bob@example.test> size=97 result=delivered (1795442966.M241957P30030.mx,S=315,W=315) delay=0.078s",
                "not a mail log line", ""));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "report", "2026-11-23", "--log",
                log.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Grand Totals"), out);
        assertTrue(out.contains("        1   received"), out);
        assertTrue(out.contains("        1   delivered"), out);
    }

    @Test
    void sigtermStopsAcceptingAndExitsZero(@TempDir Path dir) throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        int pop3 = DaemonTest.freePort();
        Process p = launch(dir, "--set", "data.dir=" + dir.resolve("data"), "--set", "directory.ldif=" + ldif,
                "--set", "pop3.listen=127.0.0.1:" + pop3, "--set", "smtp.listen=", "--set", "submission.listen=",
                "--set", "submissions.listen=", "--set", "lmtp.listen=", "--set", "imap.listen=",
                "--set", "imaps.listen=", "--set", "pop3s.listen=", "--set", "server.hostname=mx.example.test");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean up = false;
        while (!up && System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", pop3)) {
                up = true;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        assertTrue(up, Files.readString(dir.resolve("out.log")));
        // SIGHUP (systemctl reload) must not kill it: logged, and the server goes on.
        new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
        for (int i = 0; i < 100 && !Files.readString(dir.resolve("out.log")).contains("received SIGHUP"); i++) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), Files.readString(dir.resolve("out.log")));
        try (LineClient c = new LineClient(pop3)) {
            assertTrue(c.line().startsWith("+OK"));
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        String out = Files.readString(dir.resolve("out.log"));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("received SIGTERM"), out);
        assertTrue(out.contains("stopped"), out);
    }

    @Test
    void sighupReloadsAChangedMapWithoutDroppingConnections(@TempDir Path dir) throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        Path map = dir.resolve("header_checks");
        Files.writeString(map, "/^Subject: not this one/  REJECT\n");
        int smtp = DaemonTest.freePort();
        Process p = launch(dir, "--set", "data.dir=" + dir.resolve("data"), "--set", "directory.ldif=" + ldif,
                "--set", "smtp.listen=127.0.0.1:" + smtp, "--set", "pop3.listen=", "--set", "submission.listen=",
                "--set", "submissions.listen=", "--set", "lmtp.listen=", "--set", "imap.listen=",
                "--set", "imaps.listen=", "--set", "pop3s.listen=", "--set", "server.hostname=mx.example.test",
                "--set", "filter.header_checks=" + map);
        Path out = dir.resolve("out.log");
        try {
            awaitPort(p, smtp, out);
            try (LineClient c = smtpClient(smtp)) {
                assertTrue(message(c, "reload me").startsWith("250 "));
            }
            try (LineClient before = smtpClient(smtp)) {
                Files.writeString(map, "/^Subject: reload me/  REJECT 5.7.1 refused since the reload\n");
                hangUp(p, out, "reload: applied");
                assertTrue(Files.readString(out).contains("changed: filter.header_checks (file contents)"),
                        Files.readString(out));
                try (LineClient after = smtpClient(smtp)) {
                    assertEquals("550 5.7.1 refused since the reload (policy header_checks)", message(after, "reload me"));
                }
                before.send("NOOP\r\n");
                assertTrue(before.reply().get(0).startsWith("250"), "a connection from before the reload is still open");

                Files.writeString(map, "/^Subject: (reload me/  REJECT\n");
                hangUp(p, out, "reload refused");
                try (LineClient after = smtpClient(smtp)) {
                    assertEquals("550 5.7.1 refused since the reload (policy header_checks)", message(after, "reload me"),
                            "the broken map is refused, the last good one stays");
                }
                assertTrue(p.isAlive());
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Files.readString(out));
        } finally {
            p.destroyForcibly();
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
        throw new AssertionError("not listening on " + port + ": " + Files.readString(out));
    }

    /** Sends the real SIGHUP and waits for one more log line containing {@code expect}. */
    private static void hangUp(Process p, Path out, String expect) throws Exception {
        long seen = Files.readString(out).lines().filter(l -> l.contains(expect)).count();
        assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor());
        for (int i = 0; i < 400; i++) {
            if (Files.readString(out).lines().filter(l -> l.contains(expect)).count() > seen) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + expect + "' after SIGHUP: " + Files.readString(out));
    }

    private static LineClient smtpClient(int port) throws IOException {
        LineClient c = new LineClient(port);
        assertTrue(c.reply().get(0).startsWith("220 "));
        c.send("EHLO client.remote.test\r\n");
        assertTrue(c.reply().get(0).startsWith("250"));
        return c;
    }

    private static String message(LineClient c, String subject) throws IOException {
        c.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
        assertTrue(c.reply().get(0).startsWith("250"));
        assertTrue(c.reply().get(0).startsWith("250"));
        assertTrue(c.reply().get(0).startsWith("354"));
        c.send("From: a@remote.test\r\nSubject: " + subject + "\r\n\r\nhello\r\n.\r\n");
        return c.reply().get(0);
    }
}
