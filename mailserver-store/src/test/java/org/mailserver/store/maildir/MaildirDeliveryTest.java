package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.store.TestMessages.crlf;
import static org.mailserver.store.TestMessages.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.directory.User;
import org.mailserver.store.TestMessages;

/** Delivery into new/: Dovecot-compatible names, exact content, nothing left behind on failure. */
class MaildirDeliveryTest {

    private static final Pattern DOVECOT_NAME = Pattern.compile("(\\d+)\\.M(\\d{1,6})P(\\d+)\\.(.+),S=(\\d+),W=(\\d+)");

    @TempDir
    Path dataDir;
    private final User alice = TestMessages.user("Alice@Example.TEST");

    private MaildirStore store(String host) {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), host);
    }

    private Path maildir() {
        return dataDir.resolve("mail/example.test/alice");
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void landsInNewWithADovecotNameAndExactContent() throws Exception {
        byte[] prefix = crlf("Delivered-To: alice@example.test\n");
        DeliveryResult result = store("mx.example.test").deliver(alice, prefix, message("Subject: x\n\nbody\n"));
        String name = assertInstanceOf(DeliveryResult.Delivered.class, result).storedName();

        assertEquals(List.of(name), list(maildir().resolve("new")));
        assertEquals(List.of(), list(maildir().resolve("tmp")));
        assertEquals(List.of(), list(maildir().resolve("cur")));
        Matcher m = DOVECOT_NAME.matcher(name);
        assertTrue(m.matches(), name);
        Path file = maildir().resolve("new").resolve(name);
        assertEquals(Files.size(file), Long.parseLong(m.group(5)), "S= is the file size");
        assertEquals(m.group(5), m.group(6), "W= equals S= for CRLF content");
        assertEquals(ProcessHandle.current().pid(), Long.parseLong(m.group(3)));
        assertEquals("mx.example.test", m.group(4));
        assertTrue(Math.abs(Long.parseLong(m.group(1)) - Instant.now().getEpochSecond()) < 60);
        assertArrayEquals(crlf("Delivered-To: alice@example.test\nSubject: x\n\nbody\n"), Files.readAllBytes(file));
    }

    @Test
    void hostSlashAndColonAreEscapedAsDovecotDoes() throws Exception {
        DeliveryResult result = store("odd/host:name").deliver(alice, new byte[0], message("x\n"));
        String name = assertInstanceOf(DeliveryResult.Delivered.class, result).storedName();
        assertTrue(name.contains(".odd\\057host\\072name,S="), name);
        assertFalse(name.contains(":"));
    }

    @Test
    void failureMidStreamLeavesNothing() throws Exception {
        MaildirStore store = store("mx.example.test");
        MessageSource broken = new MessageSource() {
            @Override
            public long size() {
                return 1 << 20;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private int sent;

                    @Override
                    public int read() throws IOException {
                        if (sent++ > 100_000) {
                            throw new IOException("spool went away");
                        }
                        return 'x';
                    }
                };
            }
        };
        DeliveryResult result = store.deliver(alice, new byte[0], broken);
        DeliveryResult.TemporaryFailure failure = assertInstanceOf(DeliveryResult.TemporaryFailure.class, result);
        assertFalse(failure.diskFull());
        assertEquals(List.of(), list(maildir().resolve("tmp")));
        assertEquals(List.of(), list(maildir().resolve("new")));
        assertEquals(0, store.open(alice).usedBytes());
        assertEquals(List.of(), store.open(alice).inbox().sync());
    }

    @Test
    void diskFullIsRecognised() {
        assertTrue(DurableFiles.isDiskFull(new IOException("No space left on device")));
        assertTrue(DurableFiles.isDiskFull(new IOException("write failed", new FileSystemException("/x", null, "No space left on device"))));
        assertFalse(DurableFiles.isDiskFull(new IOException("Input/output error")));
    }

    @Test
    void staleTmpFilesGoWhenTheMaildirIsOpened() throws Exception {
        Path tmp = maildir().resolve("tmp");
        Files.createDirectories(tmp);
        Path stale = Files.writeString(tmp.resolve("1.M1P1.crashed"), "half");
        Path fresh = Files.writeString(tmp.resolve("2.M1P1.writing"), "half");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(37))));
        Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().minus(Duration.ofHours(35))));
        store("mx.example.test").open(alice);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh));
    }

    @Test
    void pathUsesLowerCasedDomainAndLocalPart() throws Exception {
        store("mx.example.test").open(alice);
        for (String subdir : List.of("cur", "new", "tmp")) {
            assertTrue(Files.isDirectory(maildir().resolve(subdir)), subdir);
        }
    }

    @Test
    void foldersAreMaildirPlusPlusDirectories() throws Exception {
        MaildirStore store = store("mx.example.test");
        store.open(alice).create("Archive.2026");
        Path folder = maildir().resolve(".Archive.2026");
        assertEquals(List.of("cur", "maildirfolder", "new", "tmp"), list(folder));
        assertEquals(0, Files.size(folder.resolve("maildirfolder")));
        assertEquals(List.of(".Archive.2026", "cur", "new", "tmp"), list(maildir()));
    }
}
