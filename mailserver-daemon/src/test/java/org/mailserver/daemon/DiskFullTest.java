package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mailserver.core.delivery.DiskFull;
import org.mailserver.core.testing.TestLdif;
import org.slf4j.LoggerFactory;

/**
 * Issue 7, disk full: the data directory (mailstore, spools, queue) on a small XFS image that the
 * test makes and loop-mounts (as root, as CI runs), filled with a ballast file. Deliveries get
 * {@code 452 4.3.1} (per recipient for LMTP), never 5xx and never 250 for a message not stored; the
 * SMTP spool that cannot be written is answered at the end of data and the session goes on; IMAP
 * APPEND, COPY and MOVE say NO with the reason; the queue refuses an enqueue whole; nothing partial
 * stays in {@code tmp/}, {@code new/}, {@code cur/} or the queue; {@code dovecot-uidlist} is intact;
 * the log names the path and "No space left on device". Then the ballast goes and service resumes
 * without a restart: deliveries, APPEND, and the queue delivers what it deferred.
 *
 * <p>Skipped (with the reason) only where it cannot run: not root, or the kernel refuses loop
 * mounts (a container without the capability). A missing {@code mkfs.xfs} as root is a failure:
 * {@code scripts/install-test-deps} installs it. About 10 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiskFullTest {
    private static final int THRESHOLD = 2 * 1024 * 1024; // spool.memory_threshold: larger goes to a spool file
    private static Path work;
    private static Path image;
    private static Path mount;
    private static Path data;
    private static Path ballast;
    private static Daemon daemon;
    private static int lmtp;
    private static int smtp;
    private static int imap;
    private static LineClient imapClient;
    private static int tags;
    private static byte[] uidListBefore;
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

    @BeforeAll
    static void mountAndStart() throws Exception {
        Assumptions.assumeTrue("0".equals(run(false, "id", "-u").strip()),
                "DiskFullTest needs root to loop-mount an XFS image (CI runs as root); skipped");
        String mkfs = tool("mkfs.xfs");
        if (mkfs == null) {
            fail("mkfs.xfs not found: run scripts/install-test-deps (Debian package xfsprogs)");
        }
        ensureLoopDevices();
        work = Files.createTempDirectory(Path.of("/var/tmp"), "mailserver-diskfull-");
        image = work.resolve("xfs.img");
        mount = Files.createDirectory(work.resolve("mnt"));
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[1]), 300L * 1024 * 1024 - 1); // sparse: xfsprogs' minimum size
        }
        run(true, mkfs, "-q", "-f", image.toString());
        String mounted = run(false, "mount", "-o", "loop", image.toString(), mount.toString());
        if (!isMounted()) {
            cleanUp();
            Assumptions.abort("loop mounts are not possible here (" + mounted.strip() + "); DiskFullTest skipped");
        }
        Path conf = Files.createDirectory(work.resolve("conf"));
        TestLdif.write(conf.resolve("users.ldif"));
        data = mount.resolve("data");
        ballast = mount.resolve("ballast");
        lmtp = DaemonTest.freePort();
        smtp = DaemonTest.freePort();
        imap = DaemonTest.freePort();
        LOG.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOG);
        daemon = Daemon.start(Configuration.load(DaemonTest.projectConf(), List.of(
                "server.hostname=mx.example.test", "domains=example.test", "data.dir=" + data,
                "directory.ldif=" + conf.resolve("users.ldif"), "lmtp.listen=127.0.0.1:" + lmtp,
                "smtp.listen=127.0.0.1:" + smtp, "imap.listen=127.0.0.1:" + imap, "submission.listen=",
                "submissions.listen=", "imaps.listen=", "pop3.listen=", "pop3s.listen=",
                "spool.memory_threshold=" + THRESHOLD, "queue.retry_intervals=1s")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (imapClient != null) {
            imapClient.close();
        }
        if (daemon != null) {
            daemon.stop();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
        cleanUp();
    }

    @Test
    @Order(1)
    void beforeTheDiskFillsMailIsDeliveredAndTheMailboxIsOpen() throws Exception {
        for (int i = 1; i <= 2; i++) {
            assertEquals(List.of("250"), lmtp(small("before " + i), "bob@example.test"));
        }
        imapClient = new LineClient(imap);
        assertTrue(imapClient.line().startsWith("* OK"));
        ok(imap("LOGIN bob " + TestLdif.PASSWORDS.get("bob")));
        ok(imap("CREATE Keep"));
        List<String> select = imap("SELECT INBOX");
        ok(select);
        assertTrue(select.contains("* 2 EXISTS"), select.toString());
        uidListBefore = Files.readAllBytes(bob().resolve("dovecot-uidlist"));
        fill(0);
    }

    @Test
    @Order(2)
    void lmtpAnswersEachRecipient452AndStoresNothing() throws Exception {
        List<String> before = files();
        try (LineClient c = session(lmtp, "LHLO client.test")) {
            c.send("MAIL FROM:<sender@remote.test>\r\nRCPT TO:<bob@example.test>\r\nRCPT TO:<erin@example.test>\r\nDATA\r\n");
            code(c, "250");
            code(c, "250");
            code(c, "250");
            code(c, "354");
            c.send(new String(small("while full"), StandardCharsets.US_ASCII) + ".\r\n");
            for (int i = 0; i < 2; i++) { // RFC 2033 4.2: one reply per recipient
                assertTrue(c.reply().get(0).startsWith("452 4.3.1 "));
            }
            c.send("RSET\r\n");
            code(c, "250");
        }
        assertEquals(before, files(), "nothing stored, nothing left in tmp/");
    }

    @Test
    @Order(3)
    void smtpAnswers452ForAMessageInMemoryAndTheSessionGoesOn() throws Exception {
        List<String> before = files();
        try (LineClient c = session(smtp, "EHLO client.test")) {
            transaction(c, "RCPT TO:<bob@example.test>", small("mx while full"), "452 4.3.1 ");
            c.send("NOOP\r\nMAIL FROM:<a@remote.test>\r\n");
            code(c, "250");
            code(c, "250");
        }
        assertEquals(before, files());
    }

    @Test
    @Order(4)
    void aSpoolThatCannotBeWrittenIsAnswered452AtTheEndOfData() throws Exception {
        List<String> before = files();
        try (LineClient c = session(smtp, "EHLO client.test")) {
            // past the memory threshold: the data goes to a spool file, on the full disk
            transaction(c, "RCPT TO:<bob@example.test>", large("spooled while full", THRESHOLD + 500_000),
                    "452 4.3.1 ");
            c.send("RSET\r\n");
            code(c, "250");
        }
        assertEquals(before, files());
        assertTrue(logged("spool write in " + data.resolve("spool/smtp") + " failed: No space left on device"), () -> String.join("\n", logLines()));
    }

    @Test
    @Order(5)
    void theQueueRefusesAnEnqueueWholeWith452() throws Exception {
        List<String> before = files();
        try (LineClient c = session(smtp, "EHLO client.test")) {
            // NOTIFY=SUCCESS: the queue delivers this copy, so it must be enqueued first
            transaction(c, "RCPT TO:<bob@example.test> NOTIFY=SUCCESS", small("queued while full"), "452 4.3.1 ");
        }
        assertEquals(before, files(), "nothing half-queued");
    }

    @Test
    @Order(6)
    void imapSaysNoWithTheReasonAndChangesNothing() throws Exception {
        List<String> before = files();
        byte[] message = small("appended while full");
        imapClient.send("a APPEND INBOX {" + message.length + "}\r\n");
        assertTrue(imapClient.line().startsWith("+ "));
        imapClient.send(new String(message, StandardCharsets.US_ASCII) + "\r\n");
        assertDiskFullNo(untilTagged("a"));
        // a literal past the threshold is spooled first: that spool is on the full disk too
        byte[] big = large("big append while full", THRESHOLD + 300_000);
        imapClient.send("b APPEND INBOX {" + big.length + "}\r\n");
        assertTrue(imapClient.line().startsWith("+ "));
        imapClient.send(new String(big, StandardCharsets.US_ASCII) + "\r\n");
        assertDiskFullNo(untilTagged("b"));
        assertDiskFullNo(imap("COPY 1 Keep"));
        assertDiskFullNo(imap("MOVE 1 Keep"));
        List<String> fetch = imap("FETCH 1:* (UID)");
        ok(fetch);
        assertEquals(2, fetch.stream().filter(l -> l.contains("FETCH (UID")).count(), "MOVE expunged nothing");
        assertEquals(before, files());
        assertEquals(new String(uidListBefore, StandardCharsets.UTF_8),
                Files.readString(bob().resolve("dovecot-uidlist")), "dovecot-uidlist untouched");
    }

    @Test
    @Order(7)
    void flagsAreRenamesAndStillWorkOnAFullDisk() throws Exception {
        List<String> store = imap("STORE 1 +FLAGS (\\Flagged)");
        ok(store);
        List<String> names;
        try (Stream<Path> cur = Files.list(bob().resolve("cur"))) {
            names = cur.map(p -> p.getFileName().toString()).toList();
        }
        assertTrue(names.stream().anyMatch(n -> n.endsWith(":2,F")), names.toString());
        ok(imap("STORE 1 -FLAGS (\\Flagged)"));
    }

    @Test
    @Order(8)
    void anExpungeOnAFullDiskLeavesTheUidListWholeOldOrNew() throws Exception {
        ok(imap("STORE 2 +FLAGS.SILENT (\\Deleted)"));
        List<String> expunge = imap("EXPUNGE"); // the unlink works; the UID list rewrite may not
        String uidList = Files.readString(bob().resolve("dovecot-uidlist"));
        String old = new String(uidListBefore, StandardCharsets.UTF_8);
        List<String> oldLines = old.lines().toList();
        // whole: the old file, or the old file less the expunged message's line (with a new header)
        assertTrue(uidList.equals(old) || uidList.lines().skip(1).toList().equals(oldLines.subList(1, 2)),
                expunge + "\n" + uidList);
        assertFalse(Files.exists(bob().resolve("dovecot-uidlist.lock")), "no temporary file left");
        // the mod-sequence ceiling is written before the unlink: on a disk with no block left that
        // write fails and the EXPUNGE is refused whole (the message stays); else it is done
        String last = expunge.get(expunge.size() - 1);
        if (last.contains(" NO ")) {
            assertTrue(last.contains("[UNAVAILABLE]"), last);
            List<String> fetch = imap("FETCH 2 (FLAGS)");
            ok(fetch);
            assertTrue(fetch.get(0).contains("\\Deleted"), fetch.toString());
        } else {
            assertTrue(expunge.contains("* 2 EXPUNGE"), expunge.toString());
        }
    }

    @Test
    @Order(9)
    void aDiskThatFillsDuringTheWriteLeavesNoPartialFile() throws Exception {
        fill(1024 * 1024);
        List<String> before = files();
        long free = Files.getFileStore(mount).getUsableSpace();
        // in memory (under the threshold), larger than the space left: ENOSPC part way through the copy
        assertEquals(List.of("452"), lmtp(large("too big for what is left", 1_500_000), "bob@example.test"));
        assertEquals(before, files(), "the partial tmp/ file is removed");
        long after = Files.getFileStore(mount).getUsableSpace();
        assertTrue(after >= free - 64 * 1024, "its blocks are freed: " + free + " before, " + after + " after");
        assertTrue(logged("delivery into " + bob() + " failed: java.io.IOException: No space left on device"),
                () -> String.join("\n", logLines()));
    }

    @Test
    @Order(10)
    void theQueueDefersALocalCopyThatDoesNotFit() throws Exception {
        // 900 KiB free: the queue's copy of 600 KB fits, the Maildir copy made from it then does not
        fill(900 * 1024);
        long free = Files.getFileStore(mount).getUsableSpace();
        try (LineClient c = session(smtp, "EHLO client.test")) {
            transaction(c, "RCPT TO:<bob@example.test> NOTIFY=SUCCESS", large("deferred by the queue", 600_000),
                    "250 ");
        }
        String deferred = "4.3.1 local delivery failed";
        for (int i = 0; i < 100 && !logged(deferred); i++) {
            Thread.sleep(50);
        }
        assertTrue(logged(deferred), () -> "the queue's local copy was deferred as disk full (" + free
                + " bytes were free): " + String.join("\n", logLines()));
        assertFalse(contains(bob(), "deferred by the queue"));
        assertEquals(0, count(bob().resolve("tmp")));
        assertEquals(2, count(data.resolve("queue")) - (Files.exists(data.resolve("queue/flush")) ? 1 : 0)
                - count(data.resolve("queue"), Files::isDirectory), "its .msg and .env stay queued");
    }

    @Test
    @Order(11)
    void whenSpaceIsFreedServiceResumesWithoutARestart() throws Exception {
        Files.delete(ballast);
        assertEquals(List.of("250", "250"), lmtp(small("after"), "bob@example.test", "erin@example.test"));
        try (LineClient c = session(smtp, "EHLO client.test")) {
            transaction(c, "RCPT TO:<bob@example.test>", large("spooled after", THRESHOLD + 500_000), "250 ");
        }
        byte[] message = small("appended after");
        imapClient.send("c APPEND INBOX {" + message.length + "}\r\n");
        assertTrue(imapClient.line().startsWith("+ "));
        imapClient.send(new String(message, StandardCharsets.US_ASCII) + "\r\n");
        List<String> append = untilTagged("c");
        assertTrue(append.get(append.size() - 1).startsWith("c OK [APPENDUID "), append.toString());
        ok(imap("COPY 1 Keep"));
        // the queue's next try (1 s) delivers the deferred copy, and the DSN the sender asked for
        Path alice = data.resolve("mail/example.test/alice");
        for (int i = 0; i < 100 && !(contains(bob(), "deferred by the queue") && count(alice.resolve("new")) == 1); i++) {
            Thread.sleep(100);
        }
        assertTrue(contains(bob(), "deferred by the queue"), "the queue delivered what it deferred");
        assertEquals(1, count(alice.resolve("new")), "and reported it (NOTIFY=SUCCESS)");
        for (int i = 0; i < 50 && queueFiles() > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, queueFiles(), "the queue is empty");
        ok(imap("EXPUNGE")); // if the full disk refused it, it works now
        List<String> select = imap("SELECT INBOX");
        ok(select);
        assertTrue(select.contains("* 5 EXISTS"), select.toString()); // 1 left of 2, LMTP, SMTP, APPEND, the queue's
        String uidList = Files.readString(bob().resolve("dovecot-uidlist"));
        assertTrue(uidList.startsWith(new String(uidListBefore, StandardCharsets.UTF_8).lines().findFirst()
                .orElseThrow().split(" ")[0] + " V"), uidList);
        assertFalse(Files.exists(bob().resolve("dovecot-uidlist.lock")));
    }

    // --- the disk ---

    /**
     * Fills the file system with the ballast, then frees {@code leave} bytes of it. XFS reserves
     * more than it needs for delayed allocation and gives the rest back at the fsync, so the ballast
     * is topped up until the space left is under 64 KiB.
     */
    private static void fill(long leave) throws IOException {
        try (FileChannel ch = FileChannel.open(ballast, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long at = ch.size();
            for (int round = 0; round < 10 && Files.getFileStore(mount).getUsableSpace() >= 64 * 1024; round++) {
                ByteBuffer chunk = ByteBuffer.allocate(round == 0 ? 1024 * 1024 : 16 * 1024);
                try {
                    while (true) {
                        chunk.clear();
                        while (chunk.hasRemaining()) {
                            at += ch.write(chunk, at);
                        }
                    }
                } catch (IOException e) {
                    assertTrue(DiskFull.is(e), "the ballast stopped at ENOSPC: " + e);
                }
                ch.force(true);
            }
            if (leave > 0) {
                ch.truncate(Math.max(0, at - leave));
                ch.force(true);
            }
        }
        long usable = Files.getFileStore(mount).getUsableSpace();
        assertTrue(usable <= leave + 128 * 1024, "free after filling: " + usable);
    }

    private static boolean isMounted() throws IOException {
        return Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.split(" ")[1].equals(mount.toString()));
    }

    private static void cleanUp() throws Exception {
        if (mount != null && isMounted()) {
            String out = run(false, "umount", mount.toString());
            if (isMounted()) {
                run(false, "umount", "-l", mount.toString()); // a straggling file handle: detach it anyway
                System.err.println("DiskFullTest: umount failed (" + out.strip() + "), detached lazily");
            }
        }
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A loop device node per slot, as a fresh container may lack them (the kernel makes the rest). */
    private static void ensureLoopDevices() throws Exception {
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            run(false, "mknod", "-m", "0660", "/dev/loop-control", "c", "10", "237");
        }
        for (int i = 0; i < 8; i++) {
            if (!Files.exists(Path.of("/dev/loop" + i))) {
                run(false, "mknod", "-m", "0660", "/dev/loop" + i, "b", "7", String.valueOf(i));
            }
        }
    }

    private static String tool(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        return null;
    }

    private static String run(boolean check, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int rc = p.waitFor();
        if (check && rc != 0) {
            fail(String.join(" ", command) + " exited " + rc + ": " + out);
        }
        return out;
    }

    // --- what is on it ---

    private static Path bob() {
        return data.resolve("mail/example.test/bob");
    }

    /** Every file of the mailstore and the queue, but the UID lists and index files that may be rewritten. */
    private static List<String> files() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path root : List.of(data.resolve("mail"), data.resolve("queue"), data.resolve("spool"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).map(p -> data.relativize(p).toString())
                        .filter(p -> p.contains("/tmp/") || p.contains("/new/") || p.contains("/cur/")
                                || p.startsWith("queue/") || p.startsWith("spool/"))
                        .filter(p -> !p.endsWith("/flush"))
                        .sorted().forEach(out::add);
            }
        }
        // flags are in the name: compare the base names
        out.replaceAll(p -> p.replaceAll(":2,[A-Za-z]*$", ":2,"));
        return out;
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private static long count(Path dir, java.util.function.Predicate<Path> which) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(which).count();
        }
    }

    private static long queueFiles() throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("queue"))) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("flush")).count();
        }
    }

    private static boolean contains(Path maildir, String subject) throws IOException {
        for (String sub : List.of("new", "cur")) {
            try (Stream<Path> s = Files.list(maildir.resolve(sub))) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (Files.readString(p, StandardCharsets.ISO_8859_1).contains("Subject: " + subject + "\r\n")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean logged(String text) {
        return logLines().stream().anyMatch(l -> l.contains(text));
    }

    private static List<String> logLines() {
        synchronized (LOG) {
            return new ArrayList<>(LOG.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    // --- messages and protocols ---

    private static byte[] small(String subject) {
        return ("From: sender@remote.test\r\nTo: bob@example.test\r\nSubject: " + subject + "\r\n\r\nhello\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] large(String subject, int size) {
        StringBuilder b = new StringBuilder(size + 200);
        b.append("From: sender@remote.test\r\nTo: bob@example.test\r\nSubject: ").append(subject).append("\r\n\r\n");
        String line = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef\r\n";
        while (b.length() < size) {
            b.append(line);
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One LMTP transaction; the three-digit code of each recipient's reply. */
    private static List<String> lmtp(byte[] message, String... recipients) throws Exception {
        try (LineClient c = session(lmtp, "LHLO client.test")) {
            c.send("MAIL FROM:<sender@remote.test>\r\n");
            code(c, "250");
            for (String r : recipients) {
                c.send("RCPT TO:<" + r + ">\r\n");
                code(c, "250");
            }
            c.send("DATA\r\n");
            code(c, "354");
            c.send(new String(message, StandardCharsets.US_ASCII) + ".\r\n");
            List<String> codes = new ArrayList<>();
            for (String r : recipients) {
                String reply = c.reply().get(0);
                assertFalse(reply.startsWith("5"), reply);
                if (reply.startsWith("452")) {
                    assertTrue(reply.startsWith("452 4.3.1 "), reply);
                }
                codes.add(reply.substring(0, 3));
            }
            return codes;
        }
    }

    /** MAIL, RCPT, DATA and the message; asserts the reply after the data starts with {@code expected}. */
    private static void transaction(LineClient c, String rcpt, byte[] message, String expected) throws Exception {
        c.send("MAIL FROM:<alice@example.test>\r\n" + rcpt + "\r\nDATA\r\n");
        code(c, "250");
        code(c, "250");
        code(c, "354");
        c.send(new String(message, StandardCharsets.US_ASCII) + ".\r\n");
        List<String> reply = c.reply();
        assertTrue(reply.get(0).startsWith(expected), reply.toString());
    }

    private static LineClient session(int port, String hello) throws Exception {
        LineClient c = new LineClient(port);
        code(c, "220");
        c.send(hello + "\r\n");
        code(c, "250");
        return c;
    }

    private static void code(LineClient c, String code) throws Exception {
        List<String> reply = c.reply();
        assertTrue(!reply.isEmpty() && reply.get(0).startsWith(code), "expected " + code + ", got " + reply);
    }

    private static List<String> imap(String command) throws Exception {
        String tag = "t" + (++tags);
        imapClient.send(tag + " " + command + "\r\n");
        return untilTagged(tag);
    }

    private static List<String> untilTagged(String tag) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = imapClient.line();
            assertTrue(line != null, "connection closed: " + lines);
            lines.add(line);
        } while (!line.startsWith(tag + " "));
        return lines;
    }

    private static void ok(List<String> lines) {
        assertTrue(lines.get(lines.size() - 1).split(" ")[1].equals("OK"), lines.toString());
    }

    private static void assertDiskFullNo(List<String> lines) {
        String last = lines.get(lines.size() - 1);
        assertTrue(last.split(" ")[1].equals("NO") && last.contains("[UNAVAILABLE]")
                && last.toLowerCase(Locale.ROOT).contains("no disk space"), lines.toString());
    }
}
