package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.store.TestMessages;
import org.mailserver.store.UserMailbox;

/** The {@code subscriptions} file, as Dovecot 2.x reads and writes it. */
class SubscriptionsTest {

    @TempDir
    Path dataDir;

    private MaildirStore store() {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
    }

    private Path root() {
        return dataDir.resolve("mail/example.test/alice");
    }

    private UserMailbox open(MaildirStore store) throws Exception {
        return store.open(TestMessages.user("alice@example.test"));
    }

    @Test
    void noFileMeansNoSubscriptions() throws Exception {
        try (MaildirStore store = store()) {
            assertEquals(Set.of(), open(store).subscriptions());
        }
    }

    @Test
    void subscriptionsSurviveARestartInDovecotsVersion2Format() throws Exception {
        try (MaildirStore store = store()) {
            UserMailbox mailbox = open(store);
            mailbox.subscribe("inbox", true);
            mailbox.subscribe("Archive.2026", true);
            mailbox.subscribe("Sent", true);
            mailbox.subscribe("Gone", true); // need not exist (RFC 3501 6.3.6)
            mailbox.subscribe("Sent", true); // twice: once in the file
            mailbox.subscribe("Gone", false);
            mailbox.subscribe("Never", false);
        }
        assertEquals("V\t2\n\nINBOX\nArchive\t2026\nSent\n",
                Files.readString(root().resolve("subscriptions"), StandardCharsets.UTF_8));
        assertFalse(Files.exists(root().resolve("subscriptions.lock")));
        try (MaildirStore store = store()) {
            assertEquals(List.of("INBOX", "Archive.2026", "Sent"), new ArrayList<>(open(store).subscriptions()));
        }
    }

    @Test
    void readsAFileDovecotWrote() throws Exception {
        Files.createDirectories(root());
        // as subsfile_set_subscribed() writes it: levels tab-separated and tab-escaped
        Files.write(root().resolve("subscriptions"),
                "V\t2\n\nINBOX\nArchive\t2026\nEntw&APw-rfe\nodd\u0001tname\nTrash\n".getBytes(StandardCharsets.UTF_8));
        try (MaildirStore store = store()) {
            UserMailbox mailbox = open(store);
            // "odd\tname" contains a control character: no name we can serve, but kept in the file
            assertEquals(List.of("INBOX", "Archive.2026", "Entw&APw-rfe", "Trash"), new ArrayList<>(mailbox.subscriptions()));
            mailbox.subscribe("Trash", false);
        }
        assertEquals("V\t2\n\nINBOX\nArchive\t2026\nEntw&APw-rfe\nodd\u0001tname\n",
                Files.readString(root().resolve("subscriptions"), StandardCharsets.UTF_8));
    }

    @Test
    void readsDovecotsVersion1AndRewritesItAsVersion2() throws Exception {
        Files.createDirectories(root());
        Files.writeString(root().resolve("subscriptions"), "INBOX\nArchive.2026\nDrafts\n");
        try (MaildirStore store = store()) {
            UserMailbox mailbox = open(store);
            assertEquals(List.of("INBOX", "Archive.2026", "Drafts"), new ArrayList<>(mailbox.subscriptions()));
            mailbox.subscribe("Junk", true);
        }
        assertEquals("V\t2\n\nINBOX\nArchive\t2026\nDrafts\nJunk\n", Files.readString(root().resolve("subscriptions")));
    }

    @Test
    void readsCouriersListWhenThereIsNoDovecotFile() throws Exception {
        Files.createDirectories(root());
        Files.writeString(root().resolve("courierimapsubscribed"), "INBOX\nINBOX.Sent\nINBOX.Archive.2026\n");
        try (MaildirStore store = store()) {
            UserMailbox mailbox = open(store);
            assertEquals(List.of("INBOX", "Sent", "Archive.2026"), new ArrayList<>(mailbox.subscriptions()));
            mailbox.subscribe("Trash", true);
        }
        assertEquals("V\t2\n\nINBOX\nSent\nArchive\t2026\nTrash\n", Files.readString(root().resolve("subscriptions")));
    }

    @Test
    void refusesNamesThatCouldLeaveTheMaildir() throws Exception {
        try (MaildirStore store = store()) {
            UserMailbox mailbox = open(store);
            for (String bad : List.of("", "a..b", ".a", "a/b", "a\nb")) {
                assertThrows(IllegalArgumentException.class, () -> mailbox.subscribe(bad, true), bad);
            }
            assertTrue(mailbox.subscriptions().isEmpty());
        }
    }

    @Test
    void twoProcessesSubscribingAtOnceLoseNothing() throws Exception {
        List<MaildirStore> stores = List.of(store(), store(), store()); // each with its own mailbox object
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            for (int p = 0; p < stores.size(); p++) {
                UserMailbox mailbox = open(stores.get(p));
                int process = p;
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < 20; i++) {
                            mailbox.subscribe("P" + process + "." + i, true);
                        }
                    } catch (Exception | AssertionError e) {
                        failures.add(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(List.of(), failures);
            assertEquals(60, open(stores.get(0)).subscriptions().size());
        } finally {
            stores.forEach(MaildirStore::close);
        }
    }

    @Test
    void aStaleLockIsBrokenAFreshOneWaitedFor() throws Exception {
        Files.createDirectories(root());
        Path dotlock = root().resolve("subscriptions.lock");
        Files.writeString(dotlock, "left by a crash");
        Files.setLastModifiedTime(dotlock, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        try (MaildirStore store = store()) {
            UserMailbox mailbox = open(store);
            mailbox.subscribe("Sent", true);
            assertEquals(Set.of("Sent"), mailbox.subscriptions());
            assertFalse(Files.exists(dotlock));
            Files.writeString(dotlock, "held by Dovecot for a moment");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(200);
                    Files.delete(dotlock);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            release.start();
            mailbox.subscribe("Trash", true);
            release.join();
            assertEquals(List.of("Sent", "Trash"), new ArrayList<>(mailbox.subscriptions()));
        }
    }

    @Test
    void escapingRoundTrips() {
        List<String> names = List.of("INBOX", "a.b.c", "tab\tin", "one\u0001two", "cr\rlf\n");
        assertEquals(names, new ArrayList<>(Subscriptions.parse(Subscriptions.format(names))));
    }
}
