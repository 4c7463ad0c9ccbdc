package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.User;
import org.mailserver.store.Flag;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.TestMessages;

/** Files other programs drop into new/ or cur/ get UIDs, keep them across restarts, and are not moved. */
class ForeignFilesTest {

    @TempDir
    Path dataDir;
    private final User alice = TestMessages.user("alice@example.test");

    private MaildirStore store() {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
    }

    @Test
    void foreignFilesGetStableUids() throws Exception {
        Folder inbox = store().open(alice).inbox();
        AtomicInteger told = new AtomicInteger();
        inbox.watch(folder -> told.incrementAndGet());
        Path root = dataDir.resolve("mail/example.test/alice");
        Path dropped = Files.writeString(root.resolve("new/1700000000.M1P1.foreign"), "Subject: a\r\n\r\nfrom procmail\r\n");
        Path odd = Files.writeString(root.resolve("cur/handmade:2,S"), "Subject: b\r\n\r\nby hand\r\n");
        Instant mtime = Instant.parse("2023-05-06T07:08:09Z");
        Files.setLastModifiedTime(odd, FileTime.from(mtime));

        List<MessageInfo> messages = inbox.sync();
        assertEquals(1, told.get(), "the sync that noticed them tells the listeners");
        assertEquals(List.of(
                new MessageInfo(1, "1700000000.M1P1.foreign", Files.size(dropped), Instant.ofEpochSecond(1700000000, 1000),
                        Set.of(), Set.of(), 2),
                new MessageInfo(2, "handmade", Files.size(odd), mtime, EnumSet.of(Flag.SEEN), Set.of(), 3)), messages);
        assertTrue(Files.exists(dropped), "sync moves nothing");

        Path later = Files.writeString(root.resolve("new/1700000100.M5P1.foreign"), "Subject: c\r\n\r\nlater\r\n");
        Folder restarted = store().open(alice).inbox();
        List<MessageInfo> again = restarted.sync();
        assertEquals(List.of(1L, 2L, 3L), again.stream().map(MessageInfo::uid).toList());
        assertEquals(messages, again.subList(0, 2));
        assertEquals("1700000100.M5P1.foreign", again.get(2).baseName());
        assertEquals(Files.size(dropped) + Files.size(odd) + Files.size(later), store().open(alice).usedBytes());

        Files.delete(dropped);
        assertEquals(List.of(2L, 3L), restarted.sync().stream().map(MessageInfo::uid).toList());
        assertEquals(List.of(2L, 3L), store().open(alice).inbox().sync().stream().map(MessageInfo::uid).toList());
    }

    @Test
    void openFindsAFileRenamedByAnotherProgram() throws Exception {
        Folder inbox = store().open(alice).inbox();
        Path root = dataDir.resolve("mail/example.test/alice");
        Files.writeString(root.resolve("new/1700000000.M1P1.foreign"), "Subject: a\r\n\r\nx\r\n");
        long uid = inbox.sync().get(0).uid();
        Files.move(root.resolve("new/1700000000.M1P1.foreign"), root.resolve("cur/1700000000.M1P1.foreign:2,S"));
        assertEquals("Subject: a\r\n\r\nx\r\n", TestMessages.text(inbox.open(uid)));
        inbox.setFlags(uid, EnumSet.of(Flag.SEEN, Flag.FLAGGED), Set.of());
        assertTrue(Files.exists(root.resolve("cur/1700000000.M1P1.foreign:2,FS")));
    }

    @Test
    void aFlagChangeByAnotherProgramIsTold() throws Exception {
        Folder inbox = store().open(alice).inbox();
        Path root = dataDir.resolve("mail/example.test/alice");
        Files.writeString(root.resolve("cur/1700000000.M1P1.foreign:2,"), "Subject: a\r\n\r\nx\r\n");
        long uid = inbox.sync().get(0).uid();
        AtomicInteger told = new AtomicInteger();
        inbox.watch(folder -> told.incrementAndGet());
        Files.move(root.resolve("cur/1700000000.M1P1.foreign:2,"), root.resolve("cur/1700000000.M1P1.foreign:2,S"));
        List<MessageInfo> messages = inbox.sync();
        assertEquals(EnumSet.of(Flag.SEEN), messages.get(0).flags());
        assertEquals(uid, messages.get(0).uid());
        assertEquals(1, told.get(), "an IDLE session must hear of it as of any other change");
        inbox.sync();
        assertEquals(1, told.get(), "and only once");
    }
}
