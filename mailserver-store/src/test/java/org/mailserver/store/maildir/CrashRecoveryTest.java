package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.store.TestMessages.message;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.User;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.TestMessages;

/**
 * What a restart after a crash (a new store on the same files, the old one never closed) finds:
 * UIDs clients saw are kept and never given to another message, deletions stay deleted, and a
 * damaged or locked dovecot-uidlist never stops the folder from opening.
 */
class CrashRecoveryTest {

    @TempDir
    Path dataDir;
    private final User alice = TestMessages.user("alice@example.test");
    private final List<Path> synced = new CopyOnWriteArrayList<>();

    private MaildirStore store() {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
    }

    private Path root() {
        return dataDir.resolve("mail/example.test/alice");
    }

    @AfterEach
    void unhook() {
        DurableFiles.onDirectorySync = dir -> { };
    }

    @Test
    void uidsSeenByClientsAreNeverGivenToAnotherMessage() throws Exception {
        MaildirStore before = store();
        for (int i = 0; i < 3; i++) {
            before.deliver(alice, new byte[0], message("Subject: " + i + "\n\nx\n"));
        }
        Folder inbox = before.open(alice).inbox();
        List<MessageInfo> seen = inbox.sync(); // a POP3 UIDL or an IMAP FETCH shows UIDs 1..3
        assertEquals(List.of(1L, 2L, 3L), seen.stream().map(MessageInfo::uid).toList());
        assertEquals(List.of(3L), inbox.expunge(List.of(3L)));
        before.deliver(alice, new byte[0], message("Subject: unsynced\n\nx\n")); // UID 4, in memory only
        // crash: no close(), no further uidlist write

        Folder after = store().open(alice).inbox();
        List<MessageInfo> now = after.sync();
        assertEquals(seen.subList(0, 2), now.subList(0, 2), "UIDs 1 and 2 kept");
        assertEquals(3, now.size());
        assertTrue(now.get(2).uid() >= 4, "the delivery after the last write gets a UID, never 3 again: " + now);
        assertEquals(inbox.uidValidity(), after.uidValidity());
    }

    @Test
    void expungeFsyncsTheDirectoriesItUnlinkedFrom() throws Exception {
        MaildirStore store = store();
        store.deliver(alice, new byte[0], message("Subject: a\n\nx\n"));
        store.deliver(alice, new byte[0], message("Subject: b\n\nx\n"));
        Folder inbox = store.open(alice).inbox();
        List<MessageInfo> messages = inbox.sync();
        DurableFiles.onDirectorySync = dir -> {
            if (dir.startsWith(dataDir)) {
                synced.add(dir);
            }
        };
        inbox.expunge(messages.stream().map(MessageInfo::uid).toList()); // POP3 QUIT after DELE 1, DELE 2
        assertEquals(List.of(root().resolve("new")), synced, "one fsync of new/ for both unlinks");
    }

    @Test
    void aUidListWithBytesThatAreNotUtf8IsStillRead() throws Exception {
        MaildirStore store = store();
        store.deliver(alice, new byte[0], message("Subject: a\n\nx\n"));
        store.deliver(alice, new byte[0], message("Subject: b\n\nx\n"));
        Folder inbox = store.open(alice).inbox();
        List<MessageInfo> seen = inbox.sync();
        Path list = root().resolve(UidList.FILE_NAME);
        byte[] latin1Name = "1.M1P1.caf\u00e9".getBytes(StandardCharsets.ISO_8859_1); // 0xE9: not UTF-8
        byte[] content = Files.readAllBytes(list);
        byte[] damaged = new byte[content.length + latin1Name.length + 5];
        System.arraycopy(content, 0, damaged, 0, content.length);
        System.arraycopy("99 :".getBytes(StandardCharsets.US_ASCII), 0, damaged, content.length, 4);
        System.arraycopy(latin1Name, 0, damaged, content.length + 4, latin1Name.length);
        damaged[damaged.length - 1] = '\n';
        Files.write(list, damaged);

        Folder after = store().open(alice).inbox();
        assertEquals(inbox.uidValidity(), after.uidValidity());
        assertEquals(seen, after.sync());
    }

    @Test
    void aCorruptUidListIsRebuiltWithANewUidValidity() throws Exception {
        MaildirStore store = store();
        store.deliver(alice, new byte[0], message("Subject: a\n\nx\n"));
        Folder inbox = store.open(alice).inbox();
        inbox.sync();
        long validity = inbox.uidValidity();
        Path list = root().resolve(UidList.FILE_NAME);
        Files.writeString(list, "3 V" + validity + " N2\n1 W1"); // cut short in the middle of a line

        Folder after = store().open(alice).inbox();
        assertNotEquals(validity, after.uidValidity());
        assertTrue(Files.readString(list).startsWith("3 V" + after.uidValidity() + " N2 "),
                "rewritten when opened, so the next start does not pick yet another UIDVALIDITY");
        assertEquals(1, after.sync().size());
    }

    @Test
    void aLockFileLeftByACrashedProcessDoesNotBlockUidListWrites() throws Exception {
        MaildirStore store = store();
        Folder inbox = store.open(alice).inbox();
        store.deliver(alice, new byte[0], message("Subject: a\n\nx\n"));
        Path lock = root().resolve(UidList.FILE_NAME + ".lock");
        Files.writeString(lock, "3 V1 N1\n"); // SIGKILL while the list was being written
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        Files.setLastModifiedTime(lock, FileTime.from(started.minusSeconds(1)));
        long begin = System.nanoTime();
        assertEquals(1, inbox.sync().size());
        assertTrue(System.nanoTime() - begin < 2_000_000_000L, "no wait for the two-minute stale time");
        assertTrue(Files.readString(root().resolve(UidList.FILE_NAME)).contains(" :"));
    }
}
