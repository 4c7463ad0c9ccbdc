package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.User;
import org.mailserver.store.Flag;
import org.mailserver.store.FlagChange;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.TestMessages;

/**
 * Mod-sequences (RFC 7162): every arrival, flag change and expunge gets a higher one; they survive a
 * restart, never go backwards after a crash, and a flag change made while we were down is noticed.
 */
class ModSeqTest {
    @TempDir
    Path dataDir;
    private final User alice = TestMessages.user("alice@example.test");

    private MaildirStore store() {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
    }

    private static long append(Folder folder, String subject) throws Exception {
        return folder.append(TestMessages.message("Subject: " + subject + "\r\n\r\nbody\r\n"), Set.of(), Set.of(),
                Instant.parse("2026-11-23T10:00:00Z"));
    }

    private static MessageInfo info(Folder folder, long uid) throws Exception {
        return folder.messages().stream().filter(m -> m.uid() == uid).findFirst().orElse(null);
    }

    @Test
    void changesGetIncreasingModSeqs() throws Exception {
        Folder inbox = store().open(alice).inbox();
        long a = append(inbox, "a");
        long b = append(inbox, "b");
        long ma = info(inbox, a).modSeq();
        long mb = info(inbox, b).modSeq();
        assertTrue(ma > 0 && mb > ma, ma + " " + mb);
        assertEquals(mb, inbox.highestModSeq());

        MessageInfo seen = inbox.updateFlags(a, new FlagChange(FlagChange.Mode.ADD, EnumSet.of(Flag.SEEN), Set.of("$Work")));
        assertEquals(Set.of(Flag.SEEN), seen.flags());
        assertEquals(Set.of("$Work"), seen.keywords());
        assertTrue(seen.modSeq() > mb);
        assertEquals(seen.modSeq(), inbox.highestModSeq());

        MessageInfo same = inbox.updateFlags(a, new FlagChange(FlagChange.Mode.ADD, EnumSet.of(Flag.SEEN), Set.of("$work")));
        assertEquals(seen.modSeq(), same.modSeq(), "no change, no new mod-sequence");
        assertEquals(Set.of("$Work"), same.keywords(), "keywords compare without case");

        long before = inbox.highestModSeq();
        inbox.expunge(List.of(b));
        assertTrue(inbox.highestModSeq() > before, "an expunge is a change");
        assertNull(inbox.updateFlags(b, new FlagChange(FlagChange.Mode.ADD, EnumSet.of(Flag.SEEN), Set.of())));
    }

    @Test
    void modSeqsSurviveARestart() throws Exception {
        Folder inbox = store().open(alice).inbox();
        long a = append(inbox, "a");
        inbox.setFlags(a, EnumSet.of(Flag.FLAGGED), Set.of());
        List<MessageInfo> listed = inbox.sync(); // persists
        long highest = inbox.highestModSeq();

        Folder restarted = store().open(alice).inbox();
        assertEquals(listed, restarted.sync(), "same UIDs, flags and mod-sequences");
        assertTrue(restarted.highestModSeq() >= highest);
        long b = append(restarted, "b");
        assertTrue(info(restarted, b).modSeq() > highest);
    }

    @Test
    void aCrashNeverMakesModSeqsGoBack() throws Exception {
        Folder inbox = store().open(alice).inbox();
        long a = append(inbox, "a");
        inbox.sync();
        // Changes after the last write of the modseq file, then a "crash": the next process reads the
        // Maildir as it is on disk, without our in-memory state.
        MessageInfo changed = inbox.updateFlags(a, new FlagChange(FlagChange.Mode.ADD, EnumSet.of(Flag.SEEN), Set.of()));
        long highest = inbox.highestModSeq();

        Folder restarted = store().open(alice).inbox();
        MessageInfo after = restarted.sync().get(0);
        assertEquals(Set.of(Flag.SEEN), after.flags());
        assertTrue(after.modSeq() >= changed.modSeq(), "the change keeps a mod-sequence no lower than the one seen");
        assertTrue(restarted.highestModSeq() >= highest);
    }

    @Test
    void aFlagChangeByAnotherProgramWhileDownGetsANewModSeq() throws Exception {
        Folder inbox = store().open(alice).inbox();
        long a = append(inbox, "a");
        MessageInfo first = inbox.sync().get(0);
        Path cur = dataDir.resolve("mail/example.test/alice/cur");
        Path file;
        try (var files = Files.list(cur)) {
            file = files.findFirst().orElseThrow();
        }
        String name = file.getFileName().toString();
        Files.move(file, cur.resolve(name.substring(0, name.indexOf(":2,")) + ":2,RS")); // mutt marks it answered

        Folder restarted = store().open(alice).inbox();
        MessageInfo after = restarted.sync().get(0);
        assertEquals(a, after.uid());
        assertEquals(EnumSet.of(Flag.ANSWERED, Flag.SEEN), after.flags());
        assertTrue(after.modSeq() > first.modSeq());
    }
}
