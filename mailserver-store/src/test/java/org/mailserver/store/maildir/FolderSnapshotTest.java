package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.User;
import org.mailserver.store.Flag;
import org.mailserver.store.FlagChange;
import org.mailserver.store.Folder;
import org.mailserver.store.FolderSnapshot;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.TestMessages;

/**
 * A folder's listing is one shared, immutable {@link FolderSnapshot}: the same object for every caller
 * until the folder changes (IMAP sessions on one folder share it and tell "unchanged" by identity),
 * and a new one after every kind of change, also one another program made.
 */
class FolderSnapshotTest {

    @TempDir
    Path dataDir;
    private final User alice = TestMessages.user("alice@example.test");

    private Folder inbox() throws Exception {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test").open(alice).inbox();
    }

    private Path maildir() {
        return dataDir.resolve("mail/example.test/alice");
    }

    private static long append(Folder folder, String subject) throws Exception {
        return folder.append(TestMessages.message("Subject: " + subject + "\r\n\r\nbody\r\n"), Set.of(), Set.of(),
                Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void theSameSnapshotUntilTheFolderChanges() throws Exception {
        Folder inbox = inbox();
        long a = append(inbox, "a");
        long b = append(inbox, "b");
        FolderSnapshot first = inbox.snapshot();
        assertSame(first, inbox.snapshot());
        assertSame(first, inbox.rescan(), "a rescan that finds nothing new keeps the snapshot");
        assertEquals(first.asList(), inbox.messages());
        assertEquals(first.asList(), inbox.sync());
        assertEquals(List.of(a, b), first.asList().stream().map(MessageInfo::uid).toList());

        inbox.updateFlags(a, new FlagChange(FlagChange.Mode.ADD, Set.of(), Set.of()));
        assertSame(first, inbox.snapshot(), "no change, no new snapshot");

        inbox.setFlags(a, EnumSet.of(Flag.SEEN), Set.of());
        FolderSnapshot flagged = inbox.snapshot();
        assertNotSame(first, flagged);
        assertEquals(Set.of(), first.info(0).flags(), "a snapshot never changes");
        assertEquals(Set.of(Flag.SEEN), flagged.info(0).flags());
        assertSame(first.info(1), flagged.info(1), "an unchanged message keeps its info object");

        long c = append(inbox, "c");
        FolderSnapshot appended = inbox.snapshot();
        assertEquals(3, appended.size());
        assertEquals(c, appended.maxUid());

        inbox.expunge(List.of(b));
        FolderSnapshot expunged = inbox.snapshot();
        assertEquals(List.of(a, c), expunged.asList().stream().map(MessageInfo::uid).toList());
        assertEquals(3, appended.size(), "the earlier snapshot still lists what it listed");
    }

    @Test
    void aFileRenamedByAnotherProgramIsAFlagChangeWhereverItIsFound() throws Exception {
        Folder inbox = inbox();
        Files.writeString(maildir().resolve("cur/1700000000.M1P1.foreign:2,"), "Subject: a\r\n\r\nx\r\n");
        Files.writeString(maildir().resolve("cur/1700000001.M2P1.foreign:2,"), "Subject: b\r\n\r\ny\r\n");
        FolderSnapshot before = inbox.rescan();
        AtomicInteger told = new AtomicInteger();
        inbox.watch(folder -> told.incrementAndGet());

        // found by open(): the message must not keep its old flags and mod-sequence
        Files.move(maildir().resolve("cur/1700000000.M1P1.foreign:2,"), maildir().resolve("cur/1700000000.M1P1.foreign:2,S"));
        inbox.open(before.uid(0)).close();
        FolderSnapshot opened = inbox.snapshot();
        assertEquals(Set.of(Flag.SEEN), opened.info(0).flags());
        assertTrue(opened.info(0).modSeq() > before.info(0).modSeq(), opened.info(0) + " after " + before.info(0));
        assertEquals(1, told.get(), "the sessions on the folder are told");
        assertSame(opened, inbox.rescan(), "and the next scan does not count it again");
        assertEquals(1, told.get());

        // found by a STORE: the rename it retries on shows the other program's change too
        Files.move(maildir().resolve("cur/1700000001.M2P1.foreign:2,"), maildir().resolve("cur/1700000001.M2P1.foreign:2,F"));
        MessageInfo stored = inbox.updateFlags(before.uid(1), new FlagChange(FlagChange.Mode.ADD, EnumSet.of(Flag.FLAGGED), Set.of()));
        assertEquals(EnumSet.of(Flag.FLAGGED), stored.flags());
        assertTrue(stored.modSeq() > opened.info(1).modSeq(), stored + " after " + opened.info(1));
        assertEquals(2, told.get());
        assertSame(stored, inbox.snapshot().info(1));
    }

    @Test
    void lookupsByUid() {
        FolderSnapshot s = FolderSnapshot.of(List.of(info(3), info(7), info(8)));
        assertEquals(1, s.indexOf(7));
        assertEquals(-1, s.indexOf(5));
        assertEquals(1, s.lowerBound(4));
        assertEquals(3, s.lowerBound(9));
        assertEquals(0, s.lowerBound(1));
        assertEquals(8, s.maxUid());
        assertEquals(0, FolderSnapshot.EMPTY.maxUid());
        assertSame(FolderSnapshot.EMPTY, FolderSnapshot.of(List.of()));
        assertThrows(UnsupportedOperationException.class, () -> s.asList().set(0, info(1)));
        assertThrows(IllegalArgumentException.class, () -> FolderSnapshot.of(List.of(info(3), info(3))));
        assertThrows(IllegalArgumentException.class, () -> FolderSnapshot.of(List.of(info(4), info(2))));
    }

    private static MessageInfo info(long uid) {
        return new MessageInfo(uid, "m" + uid, 10, Instant.EPOCH, Set.of(), Set.of(), uid);
    }
}
