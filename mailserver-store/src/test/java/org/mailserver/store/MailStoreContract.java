package org.mailserver.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.store.TestMessages.crlf;
import static org.mailserver.store.TestMessages.message;
import static org.mailserver.store.TestMessages.read;
import static org.mailserver.store.TestMessages.text;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.directory.User;

/**
 * What every {@link MailStore} must do, through the API only. A store implementation's test extends
 * this and says how to make a store over a data directory (called again for a "restart").
 */
public abstract class MailStoreContract {

    protected static final byte[] PREFIX = crlf("Return-Path: <sender@example.org>\nDelivered-To: alice@example.test\n");
    protected static final String BODY = "From: sender@example.org\nSubject: hello\n\nHi Alice.\n";

    @TempDir
    protected Path dataDir;
    protected MailStore store;
    protected final User alice = TestMessages.user("alice@example.test");

    /** A new store over {@code dataDir}; a second call stands for a restart of the process. */
    protected abstract MailStore newStore(Path dataDir) throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore(dataDir);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected long deliver(User user, String body) throws Exception {
        DeliveryResult result = store.deliver(user, PREFIX, message(body));
        assertInstanceOf(DeliveryResult.Delivered.class, result, () -> result.toString());
        List<MessageInfo> messages = store.open(user).inbox().sync();
        return messages.get(messages.size() - 1).uid();
    }

    @Test
    void newMailboxHasAnEmptyInbox() throws Exception {
        Folder inbox = store.open(alice).inbox();
        assertEquals("INBOX", inbox.name());
        assertEquals(List.of(), inbox.sync());
        assertTrue(inbox.uidValidity() > 0);
        assertEquals(1, inbox.uidNext());
        assertEquals(List.of("INBOX"), store.open(alice).folders());
    }

    @Test
    void deliveredMessageIsReadBackWithPrefixExactly() throws Exception {
        DeliveryResult result = store.deliver(alice, PREFIX, message(BODY));
        assertInstanceOf(DeliveryResult.Delivered.class, result);
        List<MessageInfo> messages = store.open(alice).inbox().sync();
        assertEquals(1, messages.size());
        MessageInfo info = messages.get(0);
        byte[] expected = (new String(PREFIX) + new String(crlf(BODY))).getBytes();
        assertEquals(1, info.uid());
        assertEquals(expected.length, info.size());
        assertEquals(Set.of(), info.flags());
        assertTrue(Math.abs(info.internalDate().getEpochSecond() - Instant.now().getEpochSecond()) < 60);
        assertArrayEquals(expected, read(store.open(alice).inbox().open(1)));
    }

    @Test
    void uidsAscendAndStayAcrossSyncs() throws Exception {
        long first = deliver(alice, BODY);
        long second = deliver(alice, BODY + "two\n");
        Folder inbox = store.open(alice).inbox();
        assertTrue(second > first);
        assertEquals(second + 1, inbox.uidNext());
        assertEquals(List.of(first, second), inbox.sync().stream().map(MessageInfo::uid).toList());
        assertEquals(List.of(first, second), inbox.sync().stream().map(MessageInfo::uid).toList());
    }

    @Test
    void flagsAndKeywordsAreSetAndCleared() throws Exception {
        long uid = deliver(alice, BODY);
        Folder inbox = store.open(alice).inbox();
        inbox.setFlags(uid, EnumSet.of(Flag.SEEN, Flag.ANSWERED), Set.of("$Forwarded", "work"));
        MessageInfo info = inbox.sync().get(0);
        assertEquals(EnumSet.of(Flag.SEEN, Flag.ANSWERED), info.flags());
        assertEquals(Set.of("$Forwarded", "work"), info.keywords());
        assertEquals(uid, info.uid());
        assertTrue(text(inbox.open(uid)).contains("Hi Alice."), "still readable after the rename");
        inbox.setFlags(uid, Set.of(), Set.of());
        info = inbox.sync().get(0);
        assertEquals(Set.of(), info.flags());
        assertEquals(Set.of(), info.keywords());
    }

    @Test
    void expungeRemovesAndIgnoresUnknownUids() throws Exception {
        long one = deliver(alice, BODY);
        long two = deliver(alice, BODY);
        Folder inbox = store.open(alice).inbox();
        assertEquals(List.of(one), inbox.expunge(List.of(one, 999L)));
        assertEquals(List.of(two), inbox.sync().stream().map(MessageInfo::uid).toList());
        assertThrows(NoSuchFileException.class, () -> inbox.open(one));
        assertEquals(List.of(), inbox.expunge(List.of(one)));
    }

    @Test
    void appendKeepsFlagsKeywordsAndDate() throws Exception {
        store.open(alice).create("Sent");
        Folder sent = store.open(alice).folder("Sent");
        Instant date = Instant.parse("2024-02-03T04:05:06Z");
        long uid = sent.append(message(BODY), EnumSet.of(Flag.SEEN), Set.of("draft-ok"), date);
        assertEquals(uid + 1, sent.uidNext());
        MessageInfo info = sent.sync().get(0);
        assertEquals(uid, info.uid());
        assertEquals(EnumSet.of(Flag.SEEN), info.flags());
        assertEquals(Set.of("draft-ok"), info.keywords());
        assertEquals(date.getEpochSecond(), info.internalDate().getEpochSecond());
        assertEquals(crlf(BODY).length, info.size());
        assertArrayEquals(crlf(BODY), read(sent.open(uid)));
    }

    @Test
    void foldersAreCreatedListedRenamedAndDeleted() throws Exception {
        UserMailbox mailbox = store.open(alice);
        mailbox.create("Sent");
        mailbox.create("Archive");
        mailbox.create("Archive.2026");
        assertThrows(FileAlreadyExistsException.class, () -> mailbox.create("Sent"));
        assertThrows(FileAlreadyExistsException.class, () -> mailbox.create("inbox"));
        assertEquals(List.of("INBOX", "Archive", "Archive.2026", "Sent"), mailbox.folders());
        assertSame(mailbox.inbox(), mailbox.folder("inbox"));
        assertThrows(NoSuchFileException.class, () -> mailbox.folder("Nope"));

        long uid = mailbox.folder("Archive.2026").append(message(BODY), Set.of(), Set.of(), null);
        mailbox.rename("Archive", "Old");
        assertEquals(List.of("INBOX", "Old", "Old.2026", "Sent"), mailbox.folders());
        assertEquals(List.of(uid), mailbox.folder("Old.2026").sync().stream().map(MessageInfo::uid).toList());

        mailbox.delete("Sent");
        assertEquals(List.of("INBOX", "Old", "Old.2026"), mailbox.folders());
        assertThrows(NoSuchFileException.class, () -> mailbox.delete("Sent"));
        assertThrows(IllegalArgumentException.class, () -> mailbox.delete("INBOX"));
    }

    @Test
    void oneFolderObjectPerFolder() throws Exception {
        store.open(alice).create("Sent");
        assertSame(store.open(alice).inbox(), store.open(alice).inbox());
        assertSame(store.open(alice).folder("Sent"), store.open(alice).folder("Sent"));
    }

    @Test
    void listenersHearEveryChangeUntilClosed() throws Exception {
        Folder inbox = store.open(alice).inbox();
        AtomicInteger calls = new AtomicInteger();
        AutoCloseable handle = inbox.watch(folder -> {
            assertSame(inbox, folder);
            calls.incrementAndGet();
        });
        long uid = deliver(alice, BODY);
        assertEquals(1, calls.get(), "deliver");
        inbox.setFlags(uid, EnumSet.of(Flag.SEEN), Set.of());
        assertEquals(2, calls.get(), "setFlags");
        inbox.append(message(BODY), Set.of(), Set.of(), null);
        assertEquals(3, calls.get(), "append");
        inbox.expunge(List.of(uid));
        assertEquals(4, calls.get(), "expunge");
        handle.close();
        deliver(alice, BODY);
        assertEquals(4, calls.get(), "closed");
    }

    @Test
    void usageCountsEveryFolder() throws Exception {
        UserMailbox mailbox = store.open(alice);
        mailbox.create("Sent");
        long uid = deliver(alice, BODY);
        mailbox.folder("Sent").append(message(BODY), Set.of(), Set.of(), null);
        long one = PREFIX.length + crlf(BODY).length;
        assertEquals(one + crlf(BODY).length, mailbox.usedBytes());
        assertEquals(2, mailbox.usedCount());
        mailbox.inbox().expunge(List.of(uid));
        assertEquals(crlf(BODY).length, mailbox.usedBytes());
        assertEquals(1, mailbox.usedCount());
    }

    @Test
    void quotaRefusesWhatDoesNotFit() throws Exception {
        long one = PREFIX.length + crlf(BODY).length;
        User small = TestMessages.user("carol@example.test", one + 10, 0);
        assertNull(store.checkQuota(small, one));
        assertInstanceOf(DeliveryResult.Delivered.class, store.deliver(small, PREFIX, message(BODY)));
        DeliveryResult.OverQuota temporary = store.checkQuota(small, one);
        assertEquals(false, temporary.permanent());
        assertEquals(false, ((DeliveryResult.OverQuota) store.deliver(small, PREFIX, message(BODY))).permanent());
        assertEquals(true, store.checkQuota(small, one * 2).permanent());
        assertEquals(1, store.open(small).usedCount());
    }

    @Test
    void restartKeepsUidsFlagsAndUidValidity() throws Exception {
        long one = deliver(alice, BODY);
        long two = deliver(alice, BODY);
        Folder inbox = store.open(alice).inbox();
        inbox.setFlags(two, EnumSet.of(Flag.FLAGGED), Set.of("todo"));
        long validity = inbox.uidValidity();
        List<MessageInfo> before = inbox.sync();
        store.close();

        store = newStore(dataDir);
        Folder again = store.open(alice).inbox();
        assertEquals(validity, again.uidValidity());
        assertEquals(before, again.sync());
        assertEquals(two + 1, again.uidNext());
        assertTrue(one < two);
        List<Long> uids = new ArrayList<>();
        deliver(alice, BODY);
        again.sync().forEach(m -> uids.add(m.uid()));
        assertEquals(List.of(one, two, two + 1), uids);
    }

    @Test
    void appendedMessagesSurviveARestart() throws Exception {
        store.open(alice).create("Sent");
        Folder sent = store.open(alice).folder("Sent");
        long uid = sent.append(message(BODY), EnumSet.of(Flag.SEEN), Set.of("x"), Instant.parse("2020-01-02T03:04:05Z"));
        List<MessageInfo> before = sent.sync();
        store.close();
        store = newStore(dataDir);
        Folder again = store.open(alice).folder("Sent");
        assertEquals(before, again.sync());
        assertEquals(uid + 1, again.uidNext());
    }
}
