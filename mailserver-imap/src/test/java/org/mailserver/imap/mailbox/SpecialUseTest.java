package org.mailserver.imap.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.store.Folder;
import org.mailserver.store.UserMailbox;
import org.mailserver.store.maildir.MaildirStore;

/** The special-use folders, made in a real Maildir store. */
class SpecialUseTest {

    private static final List<String> ALL = List.of("Sent", "Drafts", "Trash", "Junk", "Archive");

    @TempDir
    Path dataDir;

    private MaildirStore store() {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
    }

    @Test
    void namesAndAttributes() {
        assertEquals(Optional.of(SpecialUse.SENT), SpecialUse.ofMailbox("Sent"));
        assertEquals(Optional.empty(), SpecialUse.ofMailbox("sent"));
        assertEquals(Optional.empty(), SpecialUse.ofMailbox("INBOX/Sent"));
        assertEquals(Optional.of(SpecialUse.JUNK), SpecialUse.ofAttribute("\\junk"));
        assertEquals(Optional.empty(), SpecialUse.ofAttribute("\\Flagged"));
        assertEquals("\\Archive", SpecialUse.ARCHIVE.attribute());
    }

    @Test
    void ensureCreatesAndSubscribesTheMissingOnesOnce() throws Exception {
        try (MaildirStore store = store()) {
            UserMailbox mailbox = store.open(TestUser.alice());
            mailbox.create("Sent"); // the user's own, not subscribed: left as it is
            assertEquals(List.of("Drafts", "Trash", "Junk", "Archive"), SpecialUse.ensure(mailbox));
            assertEquals(Set.of("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive"), Set.copyOf(mailbox.folders()));
            assertEquals(Set.of("Drafts", "Trash", "Junk", "Archive"), mailbox.subscriptions());
            Path root = store.maildirOf(TestUser.alice());
            for (String name : ALL) {
                assertTrue(Files.isRegularFile(root.resolve("." + name).resolve("maildirfolder")), name);
            }
            mailbox.subscribe("Trash", false);
            assertEquals(List.of(), SpecialUse.ensure(mailbox), "idempotent");
            assertEquals(Set.of("Drafts", "Junk", "Archive"), mailbox.subscriptions(), "an unsubscription stays");
        }
        try (MaildirStore store = store()) { // after a restart
            UserMailbox mailbox = store.open(TestUser.alice());
            assertEquals(List.of(), SpecialUse.ensure(mailbox));
            List<String> listing = MailboxLister.list(mailbox.folders(), mailbox.subscriptions(),
                    new ImapCommand.ListMailboxes("t", "", List.of("*"), Set.of(), Set.of("SUBSCRIBED"), List.of()))
                    .stream().map(MailboxLister.Entry::format).toList();
            assertEquals(List.of(
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\Subscribed \\HasNoChildren \\Archive) \"/\" \"Archive\"",
                    "* LIST (\\Subscribed \\HasNoChildren \\Drafts) \"/\" \"Drafts\"",
                    "* LIST (\\Subscribed \\HasNoChildren \\Junk) \"/\" \"Junk\"",
                    "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"",
                    "* LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\""), listing);
        }
    }

    @Test
    void aFolderCreatedConcurrentlyIsFine() throws Exception {
        try (MaildirStore store = store()) {
            UserMailbox real = store.open(TestUser.alice());
            real.create("Trash");
            // another session made Trash after this one listed the folders
            UserMailbox stale = new Delegating(real) {
                @Override
                public List<String> folders() {
                    return List.of("INBOX");
                }
            };
            assertEquals(ALL, SpecialUse.ensure(stale));
            assertEquals(Set.copyOf(ALL), real.subscriptions());
        }
    }

    @Test
    void sessionsOfTwoProcessesAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<MaildirStore> stores = List.of(store(), store(), store(), store()); // as if four processes
        try {
            List<Callable<List<String>>> logins = new ArrayList<>();
            for (MaildirStore s : stores) {
                logins.add(() -> SpecialUse.ensure(s.open(TestUser.alice())));
            }
            for (Future<List<String>> f : pool.invokeAll(logins)) {
                f.get();
            }
            UserMailbox mailbox = stores.get(0).open(TestUser.alice());
            assertEquals(Set.of("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive"), Set.copyOf(mailbox.folders()));
            assertTrue(mailbox.subscriptions().containsAll(ALL), mailbox.subscriptions().toString());
        } finally {
            pool.shutdownNow();
            stores.forEach(MaildirStore::close);
        }
    }

    /** A mailbox that passes every call on. */
    private static class Delegating implements UserMailbox {
        private final UserMailbox to;

        Delegating(UserMailbox to) {
            this.to = to;
        }

        @Override
        public Folder inbox() throws IOException {
            return to.inbox();
        }

        @Override
        public Folder folder(String name) throws IOException {
            return to.folder(name);
        }

        @Override
        public List<String> folders() throws IOException {
            return to.folders();
        }

        @Override
        public void create(String name) throws IOException {
            to.create(name);
        }

        @Override
        public void delete(String name) throws IOException {
            to.delete(name);
        }

        @Override
        public void rename(String from, String to) throws IOException {
            this.to.rename(from, to);
        }

        @Override
        public long usedBytes() throws IOException {
            return to.usedBytes();
        }

        @Override
        public long usedCount() throws IOException {
            return to.usedCount();
        }

        @Override
        public Set<String> subscriptions() throws IOException {
            return to.subscriptions();
        }

        @Override
        public void subscribe(String name, boolean subscribed) throws IOException {
            to.subscribe(name, subscribed);
        }
    }
}
