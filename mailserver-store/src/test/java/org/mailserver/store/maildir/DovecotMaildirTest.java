package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.store.TestMessages.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.directory.User;
import org.mailserver.store.Flag;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.TestMessages;

/**
 * A Maildir as Dovecot leaves it (dovecot-uidlist version 3 with extension fields, dovecot-keywords,
 * flags and keyword letters in names, a Maildir++ folder) keeps its UIDs, flags and keywords, and
 * what we write back stays in Dovecot's format.
 */
class DovecotMaildirTest {

    // Dovecot stores bare LF line ends by default: S= is the file's size, W= the size served (CRLF).
    private static final String SEEN = "1700000001.M100P42.imap.example.test,S=23,W=26";
    private static final String NEW = "1700000002.M200P42.imap.example.test,S=22,W=25";
    private static final String SENT = "1700000003.M300P42.imap.example.test,S=20,W=23";

    @TempDir
    Path dataDir;
    private Path root;
    private final User alice = TestMessages.user("alice@example.test");

    @BeforeEach
    void writeDovecotMaildir() throws Exception {
        root = dataDir.resolve("mail/example.test/alice");
        for (Path dir : List.of(root, root.resolve(".Sent"))) {
            for (String sub : List.of("cur", "new", "tmp")) {
                Files.createDirectories(dir.resolve(sub));
            }
        }
        Files.writeString(root.resolve(".Sent/maildirfolder"), "");
        Files.writeString(root.resolve("dovecot-uidlist"), String.join("\n",
                "3 V1690000000 N12 G0c1d2e3f405162738495a6b7c8d9eaf0 X-extra",
                "5 W26 :" + SEEN + ":2,Sb",
                "9 W25 P1234abcd :" + NEW,
                ""));
        Files.writeString(root.resolve("dovecot-keywords"), "0 $Junk\n1 $Forwarded\n");
        Files.writeString(root.resolve("cur").resolve(SEEN + ":2,FSb"), "Subject: seen\n\nold one\n");
        Files.writeString(root.resolve("new").resolve(NEW), "Subject: new\n\nnew one\n");
        Files.writeString(root.resolve(".Sent/dovecot-uidlist"), "3 V1690000001 N3 G00\n2 :" + SENT + "\n");
        Files.writeString(root.resolve(".Sent/cur").resolve(SENT + ":2,S"), "Subject: sent\n\nsent\n");
    }

    private MaildirStore store() {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
    }

    @Test
    void keepsUidsFlagsKeywordsAndDates() throws Exception {
        Folder inbox = store().open(alice).inbox();
        assertEquals(1690000000L, inbox.uidValidity());
        assertEquals(12, inbox.uidNext());
        List<MessageInfo> messages = inbox.sync();
        assertEquals(List.of(
                new MessageInfo(5, SEEN, 26, Instant.ofEpochSecond(1700000001, 100_000), EnumSet.of(Flag.FLAGGED, Flag.SEEN),
                        Set.of("$Forwarded"), 2),
                new MessageInfo(9, NEW, 25, Instant.ofEpochSecond(1700000002, 200_000), Set.of(), Set.of(), 3)), messages);
        assertEquals("Subject: new\r\n\r\nnew one\r\n", TestMessages.text(inbox.open(9)),
                "served with CRLF, as many octets as its size says");
        Folder sent = store().open(alice).folder("Sent");
        assertEquals(1690000001L, sent.uidValidity());
        assertEquals(List.of(2L), sent.sync().stream().map(MessageInfo::uid).toList());
    }

    @Test
    void newMailContinuesDovecotsUidsAndTheFileStaysDovecots() throws Exception {
        MaildirStore store = store();
        Folder inbox = store.open(alice).inbox();
        assertInstanceOf(DeliveryResult.Delivered.class, store.deliver(alice, new byte[0], message("Subject: n\n\nx\n")));
        inbox.setFlags(9, EnumSet.of(Flag.SEEN), Set.of("$Junk", "project"));
        List<MessageInfo> messages = inbox.sync();
        assertEquals(List.of(5L, 9L, 12L), messages.stream().map(MessageInfo::uid).toList());
        assertEquals(Set.of("$Junk", "project"), messages.get(1).keywords());

        assertTrue(Files.exists(root.resolve("cur").resolve(NEW + ":2,Sac")), "keyword letters a (0) and c (new, 2)");
        assertEquals("0 $Junk\n1 $Forwarded\n2 project\n", Files.readString(root.resolve("dovecot-keywords")));
        List<String> uidlist = Files.readAllLines(root.resolve("dovecot-uidlist"));
        assertEquals("3 V1690000000 N13 G0c1d2e3f405162738495a6b7c8d9eaf0 X-extra", uidlist.get(0));
        assertEquals("5 W26 :" + SEEN, uidlist.get(1));
        assertEquals("9 W25 P1234abcd :" + NEW, uidlist.get(2), "extension fields kept");
        assertTrue(uidlist.get(3).matches("12 :\\d+\\.M\\d+P\\d+\\.mx\\.example\\.test,S=\\d+,W=\\d+"), uidlist.get(3));

        Folder restarted = store().open(alice).inbox();
        assertEquals(messages, restarted.sync());
    }

    @Test
    void unknownInfoLettersAreKeptOnFlagChanges() throws Exception {
        Files.move(root.resolve("cur").resolve(SEEN + ":2,FSb"), root.resolve("cur").resolve(SEEN + ":2,PS"));
        Folder inbox = store().open(alice).inbox();
        inbox.sync();
        inbox.setFlags(5, EnumSet.of(Flag.DELETED), Set.of());
        assertTrue(Files.exists(root.resolve("cur").resolve(SEEN + ":2,PT")));
    }
}
