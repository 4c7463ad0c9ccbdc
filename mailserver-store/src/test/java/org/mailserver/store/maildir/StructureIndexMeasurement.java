package org.mailserver.store.maildir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.User;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.TestMessages;
import org.mailserver.store.mime.MessageStructure;

/**
 * Not a test: the time {@link Folder#structure} takes for 10,000 messages parsed (the first time),
 * read from the folder's {@link StructureIndex} (a restarted process), and from {@link StructureCache}.
 * Printed, never asserted. Run with
 * {@code mvn -o -pl mailserver-store -Dstructure.measure=true -Dtest=StructureIndexMeasurement test}
 * and read {@code target/surefire-reports/*StructureIndexMeasurement-output.txt}.
 */
@EnabledIfSystemProperty(named = "structure.measure", matches = "true")
class StructureIndexMeasurement {

    private static final int MESSAGES = 10_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @TempDir
    Path dataDir;
    private final User alice = TestMessages.user("alice@example.test");

    @Test
    void measure() throws Exception {
        run("warm-up", dataDir.resolve("warm-up"), 2_000);
        for (int i = 1; i <= 3; i++) {
            run("run " + i, dataDir.resolve("run" + i), MESSAGES);
        }
    }

    private void run(String label, Path root, int n) throws IOException {
        long octets = write(root.resolve("example.test/alice"), n);
        StructureCache.shared().invalidateAll();
        Folder folder = new MaildirStore(root.resolve("%d/%n").toString(), "mx.example.test").open(alice).inbox();
        List<MessageInfo> infos = folder.sync();

        long[] parseOnly = time(() -> {
            for (MessageInfo info : infos) {
                try (var in = folder.open(info.uid())) {
                    MessageStructure.parse(in);
                }
            }
        });
        long[] cold = time(() -> fetchAll(folder, infos));
        long[] cached = time(() -> fetchAll(folder, infos));
        long indexSize = Files.size(root.resolve("example.test/alice").resolve(StructureIndex.FILE_NAME));

        StructureCache.shared().invalidateAll();
        Folder restarted = new MaildirStore(root.resolve("%d/%n").toString(), "mx.example.test").open(alice).inbox();
        List<MessageInfo> again = restarted.sync();
        long[] fromIndex = time(() -> fetchAll(restarted, again));
        StructureCache.shared().invalidateAll();

        System.out.printf(Locale.ROOT, "%s: %d messages, %.1f KiB average, index %.1f MiB (%d octets a record)%n",
                label, n, octets / 1024.0 / n, indexSize / 1048576.0, indexSize / n);
        print("parse only (no index):", parseOnly, n);
        print("cold: parse + index append:", cold, n);
        print("restart: from the index:", fromIndex, n);
        print("from the Caffeine cache:", cached, n);
    }

    private static void fetchAll(Folder folder, List<MessageInfo> infos) throws IOException {
        for (MessageInfo info : infos) {
            folder.structure(info.uid());
        }
    }

    private interface Work {
        void run() throws IOException;
    }

    /**
     * CPU time of this thread (system time included: the reads are served from the page cache):
     * steadier than wall time on a shared machine; wall time is printed beside it.
     */
    private static long[] time(Work work) throws IOException {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        work.run();
        return new long[] {THREADS.getCurrentThreadCpuTime() - cpu, System.nanoTime() - start};
    }

    private static void print(String what, long[] time, int n) {
        System.out.printf(Locale.ROOT, "  %-28s cpu %6d ms %7.1f us/message   wall %6d ms %7.1f us/message%n", what,
                time[0] / 1_000_000, time[0] / 1000.0 / n, time[1] / 1_000_000, time[1] / 1000.0 / n);
    }

    /**
     * Messages as a mailbox has them: a header of trace fields and a DKIM signature, text and HTML
     * alternatives, and on every third message an attachment of 5 to 60 KiB. Returns the octets written.
     */
    static long write(Path maildir, int n) throws IOException {
        Files.createDirectories(maildir.resolve("new"));
        Random random = new Random(1);
        long total = 0;
        for (int i = 0; i < n; i++) {
            StringBuilder m = new StringBuilder(4096);
            for (int r = 0; r < 4; r++) {
                m.append("Received: from relay").append(r).append(".example.net (relay").append(r)
                        .append(".example.net [192.0.2.").append(r).append("])\r\n\tby mx.example.test with ESMTPS id ")
                        .append(Long.toHexString(random.nextLong())).append("\r\n\tfor <alice@example.test>; ")
                        .append("Tue, 14 Nov 2023 22:13:20 +0000\r\n");
            }
            m.append("DKIM-Signature: v=1; a=rsa-sha256; d=example.net; s=sel; h=from:to:subject:date;\r\n\tb=")
                    .append("A".repeat(340)).append("\r\n");
            m.append("From: \"Sender ").append(i).append("\" <sender").append(i % 97).append("@example.net>\r\n")
                    .append("To: Alice <alice@example.test>, bob@example.test\r\nCc: team@example.test\r\n")
                    .append("Subject: =?utf-8?q?Re=3A_report_").append(i).append("?=\r\n")
                    .append("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <").append(i)
                    .append(".").append(Long.toHexString(random.nextLong())).append("@example.net>\r\n")
                    .append("In-Reply-To: <").append(i - 1).append("@example.net>\r\nMIME-Version: 1.0\r\n")
                    .append("Content-Type: multipart/mixed; boundary=\"mixed-").append(i).append("\"\r\n\r\n");
            m.append("--mixed-").append(i).append("\r\nContent-Type: multipart/alternative; boundary=\"alt-").append(i)
                    .append("\"\r\n\r\n--alt-").append(i).append("\r\nContent-Type: text/plain; charset=utf-8\r\n")
                    .append("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
            for (int line = 0; line < 25; line++) {
                m.append("Some text of the message, line ").append(line).append(", nothing special in it.\r\n");
            }
            m.append("--alt-").append(i).append("\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>\r\n");
            for (int line = 0; line < 50; line++) {
                m.append("<p>Some text of the message, line ").append(line).append(", <b>with</b> markup.</p>\r\n");
            }
            m.append("</body></html>\r\n--alt-").append(i).append("--\r\n");
            if (i % 3 == 0) {
                byte[] attachment = new byte[5 * 1024 + random.nextInt(55 * 1024)];
                random.nextBytes(attachment);
                m.append("--mixed-").append(i).append("\r\nContent-Type: application/pdf; name=\"report-").append(i)
                        .append(".pdf\"\r\nContent-Disposition: attachment; filename=\"report-").append(i)
                        .append(".pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                        .append(Base64.getMimeEncoder().encodeToString(attachment)).append("\r\n");
            }
            m.append("--mixed-").append(i).append("--\r\n");
            byte[] content = m.toString().getBytes(StandardCharsets.US_ASCII);
            String name = (1700000000 + i) + ".M" + i + "P1.test,S=" + content.length + ",W=" + content.length;
            Files.write(maildir.resolve("new").resolve(name), content);
            total += content.length;
        }
        return total;
    }
}
