package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.directory.User;
import org.mailserver.store.Flag;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.maildir.MaildirStore;

/**
 * The memory of a session's view (issue 4): the sessions on a folder share the store's snapshot of
 * it, and what a session holds of its own does not grow with the mailbox. Measured structurally, by
 * walking the objects a view reaches and leaving out the shared ones (the folder, its snapshot, the
 * recent tracker), against a real Maildir.
 */
class SelectedMailboxTest {
    private static final Reporting PLAIN = new Reporting(false, false, false, true);

    @TempDir
    Path tmp;
    private final RecentTracker recent = new RecentTracker();

    private Folder inbox(String user, int messages) throws Exception {
        Path cur = tmp.resolve("mail/example.test/" + user + "/cur");
        Files.createDirectories(cur);
        for (int i = 0; i < messages; i++) { // as another program would have left them: no UID list yet
            Files.writeString(cur.resolve((1_700_000_000 + i) + ".M" + i + "P1.other.test:2,S"),
                    "Subject: m" + i + "\r\n\r\nbody\r\n", StandardCharsets.US_ASCII);
        }
        User u = new User("uid=" + user + ",ou=people,dc=example,dc=test", user, user + "@example.test", List.of(),
                AccountStatus.ACTIVE, Optional.empty(), 0, 0, List.of(), List.of(), Optional.empty());
        return new MaildirStore(tmp.resolve("mail/%d/%n").toString(), "test.example").open(u).inbox();
    }

    @Test
    void sessionsOnOneFolderShareItsSnapshot() throws Exception {
        Folder inbox = inbox("bob", 50);
        SelectedMailbox a = SelectedMailbox.open(inbox, "INBOX", false, recent);
        SelectedMailbox b = SelectedMailbox.open(inbox, "INBOX", false, recent);
        assertSame(inbox.snapshot(), a.shown());
        assertSame(a.shown(), b.shown());

        long uid = inbox.append(message("new"), Set.of(), Set.of(), Instant.now());
        assertTrue(a.changed() && b.changed(), "both heard of the change");
        assertEquals(List.of("51 EXISTS", "51 RECENT"), a.refresh(false, true, PLAIN));
        assertEquals(List.of("51 EXISTS"), b.refresh(false, true, PLAIN));
        assertSame(a.shown(), b.shown(), "one new snapshot for both");
        assertEquals(uid, b.uid(51));
        assertTrue(a.recent(51));
        assertFalse(b.recent(51), "\\Recent goes to one session only");

        assertEquals(List.of(), a.refresh(true, true, PLAIN), "a rescan that finds nothing costs nothing");
        assertSame(b.shown(), a.shown());
    }

    @Test
    void aSessionsOwnMemoryDoesNotGrowWithItsMailbox() throws Exception {
        Folder small = inbox("small", 10);
        Folder large = inbox("large", 5_000);
        SelectedMailbox s = SelectedMailbox.open(small, "INBOX", false, recent);
        SelectedMailbox l = SelectedMailbox.open(large, "INBOX", false, recent);
        long smallBytes = ownBytes(s);
        long largeBytes = ownBytes(l);
        assertEquals(smallBytes, largeBytes, "a view of 5,000 messages holds what one of 10 holds");
        assertTrue(largeBytes < 2048, largeBytes + " octets");
        assertEquals(5_000, l.exists());
        assertEquals(5_000, l.recentCount());

        // Expunges held back (a FETCH was running) cost per message gone, until they are reported.
        SelectedMailbox other = SelectedMailbox.open(large, "INBOX", false, recent);
        large.expunge(List.of(l.uid(1), l.uid(2), l.uid(4_000)));
        assertEquals(List.of(), l.refresh(false, false, PLAIN));
        assertEquals(5_000, l.exists(), "EXISTS never goes down without EXPUNGE");
        assertTrue(l.expungePending(4_000) && l.expungePending(1) && !l.expungePending(3));
        assertTrue(ownBytes(l) > largeBytes);
        assertEquals(List.of("4000 EXPUNGE", "2 EXPUNGE", "1 EXPUNGE"), l.refresh(false, true, PLAIN));
        assertEquals(largeBytes, ownBytes(l), "and nothing once they are");
        assertEquals(4_997, l.exists());
        assertEquals(List.of("4000 EXPUNGE", "2 EXPUNGE", "1 EXPUNGE"), other.refresh(false, true, PLAIN));
        assertSame(l.shown(), other.shown());
    }

    @Test
    void numbersCountTheMessagesPendingExpungeUntilTheyAreReported() throws Exception {
        Folder inbox = inbox("carol", 6); // UIDs 1..6
        SelectedMailbox v = SelectedMailbox.open(inbox, "INBOX", false, recent);
        inbox.expunge(List.of(4L));
        assertEquals(List.of(), v.refresh(false, false, PLAIN));
        inbox.expunge(List.of(2L));
        inbox.setFlags(5L, EnumSet.of(Flag.FLAGGED), Set.of());
        long seven = inbox.append(message("7"), Set.of(), Set.of(), Instant.now());
        // the flag change is numbered as the client counts, 4 still among them; then the new message
        assertEquals(List.of("5 FETCH (FLAGS (\\Flagged \\Recent))", "7 EXISTS", "7 RECENT"), v.refresh(false, false, PLAIN));
        assertEquals(7, v.exists());
        for (int seq = 1; seq <= 6; seq++) {
            assertEquals(seq, v.uid(seq));
            assertEquals(seq, v.sequenceOf(seq));
            assertEquals(seq == 2 || seq == 4, v.expungePending(seq), "seq " + seq);
        }
        assertEquals(seven, v.uid(7));
        assertEquals(5L, v.info(5).uid());
        assertEquals(Set.of(Flag.FLAGGED), v.info(5).flags());
        assertEquals(3, v.sequenceAtOrAfter(3));
        assertEquals(List.of("4 EXPUNGE", "2 EXPUNGE"), v.refresh(false, true, PLAIN));
        assertEquals(List.of(1L, 3L, 5L, 6L, seven), List.of(v.uid(1), v.uid(2), v.uid(3), v.uid(4), v.uid(5)));
        assertEquals(0, v.sequenceOf(4));
        assertEquals(5, v.recentCount(), "the expunged recent messages are no longer counted; the new one is");
    }

    @Test
    void flagsToldByTheSessionsOwnFetchAreNotReportedAgain() throws Exception {
        Folder inbox = inbox("dave", 3);
        SelectedMailbox v = SelectedMailbox.open(inbox, "INBOX", false, recent);
        MessageInfo now = inbox.updateFlags(2L, new org.mailserver.store.FlagChange(
                org.mailserver.store.FlagChange.Mode.ADD, EnumSet.of(Flag.ANSWERED), Set.of()));
        v.told(2, now);
        assertSame(now, v.info(2));
        inbox.setFlags(3L, EnumSet.of(Flag.DRAFT), Set.of());
        assertEquals(List.of("3 FETCH (FLAGS (\\Draft \\Recent))"), v.refresh(false, false, PLAIN));
        assertEquals(Set.of(Flag.SEEN, Flag.ANSWERED), v.info(2).flags());
    }

    /**
     * The approximate octets of the objects {@code view} reaches that are its own: the folder, the
     * snapshot it shares and the process-wide recent tracker are left out. Objects of the JDK's own
     * modules (the listener list, strings) count by their shell only; they are the same for any view.
     */
    private long ownBytes(SelectedMailbox view) throws Exception {
        Set<Object> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        shared.add(view.folder());
        shared.add(view.shown());
        shared.add(recent);
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(view);
        long bytes = 0;
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (shared.contains(o) || !seen.add(o)) {
                continue;
            }
            Class<?> c = o.getClass();
            if (c.isArray()) {
                int n = Array.getLength(o);
                Class<?> e = c.getComponentType();
                bytes += 16 + (long) n * (e == long.class || e == double.class ? 8 : e == byte.class
                        || e == boolean.class ? 1 : e == char.class || e == short.class ? 2 : 4);
                if (!e.isPrimitive()) {
                    for (int i = 0; i < n; i++) {
                        Object item = Array.get(o, i);
                        if (item != null) {
                            todo.push(item);
                        }
                    }
                }
                continue;
            }
            bytes += 12;
            boolean jdk = c.getModule().isNamed();
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    bytes += f.getType() == long.class || f.getType() == double.class ? 8 : 4;
                    if (!jdk && !f.getType().isPrimitive() && f.trySetAccessible()) {
                        Object value = f.get(o);
                        if (value != null) {
                            todo.push(value);
                        }
                    }
                }
            }
        }
        return bytes;
    }

    private static MessageSource message(String subject) {
        byte[] bytes = ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        return new MessageSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public java.io.InputStream open() {
                return new java.io.ByteArrayInputStream(bytes);
            }
        };
    }
}
