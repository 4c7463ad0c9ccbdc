package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;

/** {@code mailserver queue list|delete|flush} as a process, beside a running daemon holding a deferred message. */
class QueueCommandTest {

    private static String run(Path dir, Path data, int expectedStatus, String... words) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "queue"));
        cmd.addAll(List.of(words));
        cmd.addAll(List.of("--config", DaemonTest.projectConf().toString(), "--set", "data.dir=" + data,
                "--set", "directory.ldif=" + dir.resolve("users.ldif")));
        Path out = dir.resolve("queue-command.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(expectedStatus, p.exitValue(), text);
        return text;
    }

    @Test
    void listShowsADeferredMessageAndDeleteRemovesIt(@TempDir Path dir) throws Exception {
        TestLdif.write(dir.resolve("users.ldif"));
        Path data = dir.resolve("data");
        Path transport = dir.resolve("transport");
        Files.writeString(transport, "remote.test  smtp:[127.0.0.1]:1\n"); // nothing listens there
        int smtp = DaemonTest.freePort();
        Daemon daemon = Daemon.start(Configuration.load(DaemonTest.projectConf(), List.of(
                "server.hostname=mx.example.test", "domains=example.test", "data.dir=" + data,
                "directory.ldif=" + dir.resolve("users.ldif"), "smtp.listen=127.0.0.1:" + smtp,
                "smtp.trusted_networks=127.0.0.1/32", "relay.transport_maps=" + transport,
                "queue.retry_intervals=1h", "submission.listen=", "submissions.listen=", "lmtp.listen=",
                "imap.listen=", "imaps.listen=", "pop3.listen=", "pop3s.listen=")));
        try {
            String id;
            try (LineClient c = new LineClient(smtp)) {
                c.reply();
                c.send("EHLO client.test\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<far@remote.test>\r\nDATA\r\n");
                c.reply();
                c.reply();
                assertTrue(c.reply().get(0).startsWith("250"));
                assertTrue(c.reply().get(0).startsWith("354"));
                c.send("Subject: queued\r\n\r\nhello\r\n.\r\n");
                String done = c.reply().get(0);
                Matcher m = Pattern.compile("queued as ([0-9A-Z]+)").matcher(done);
                assertTrue(m.find(), done);
                id = m.group(1);
            }
            String listed = "";
            for (int i = 0; i < 50 && !listed.contains("attempts=1"); i++) {
                Thread.sleep(200); // the first attempt fails at once (connection refused) and is recorded
                listed = run(dir, data, 0, "list");
            }
            assertTrue(listed.contains(id), listed);
            assertTrue(listed.contains("<far@remote.test>"), listed);
            assertTrue(listed.contains("attempts=1"), listed);
            assertTrue(run(dir, data, 0, "flush").contains("flush requested"));
            assertTrue(run(dir, data, 0, "delete", id).contains("deleted " + id));
            assertFalse(run(dir, data, 0, "list").contains(id));
            assertTrue(run(dir, data, 1, "delete", id).contains("no message " + id));
            assertTrue(run(dir, data, 2, "purge").contains("usage: mailserver queue"));
        } finally {
            daemon.stop();
        }
    }
}
