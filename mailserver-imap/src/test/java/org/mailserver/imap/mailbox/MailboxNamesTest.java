package org.mailserver.imap.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailserver.store.UserMailbox;
import org.mailserver.store.maildir.MaildirStore;

/** IMAP names and store (Maildir++) names. */
class MailboxNamesTest {

    @TempDir
    Path dataDir;

    @Test
    void hierarchyDelimiterBecomesTheMaildirSeparator() {
        assertEquals("Archive.2026", MailboxNames.toStore("Archive/2026"));
        assertEquals("Archive/2026", MailboxNames.toImap("Archive.2026"));
        assertEquals("Entw&APw-rfe.Alt", MailboxNames.toStore("Entw&APw-rfe/Alt"));
        assertEquals("~peter.mail.&U,BTFw-.&ZeVnLIqe-", MailboxNames.toStore("~peter/mail/&U,BTFw-/&ZeVnLIqe-"));
    }

    @Test
    void aDotOrBackslashInANameIsEscapedReversibly() {
        assertEquals("v1&AC4-2.notes", MailboxNames.toStore("v1.2/notes"));
        assertEquals("v1.2/notes", MailboxNames.toImap("v1&AC4-2.notes"));
        assertEquals("&AC4-hidden", MailboxNames.toStore(".hidden"));
        assertEquals(".hidden", MailboxNames.toImap("&AC4-hidden"));
        assertEquals("a&AFw-b", MailboxNames.toStore("a\\b"));
        assertEquals("a\\b", MailboxNames.toImap("a&AFw-b"));
        assertEquals("&AC4-&AC4-&AC4-", MailboxNames.toStore("..."));
        assertEquals("Caf&AOk-&AC4-&AOk-", MailboxNames.toStore("Caf&AOk-.&AOk-"));
        assertEquals("Caf&AOk-.&AOk-", MailboxNames.toImap("Caf&AOk-&AC4-&AOk-"));
        assertEquals("&-&AC4-", MailboxNames.toStore("&-."));
        assertEquals("&-.", MailboxNames.toImap("&-&AC4-"));
    }

    @Test
    void inboxIsCaseInsensitiveAlsoAsAParent() {
        assertEquals("INBOX", MailboxNames.toStore("inbox"));
        assertEquals("INBOX", MailboxNames.canonical("InBoX"));
        assertEquals("INBOX/child", MailboxNames.canonical("inbox/child"));
        assertEquals("INBOX.child", MailboxNames.toStore("Inbox/child"));
        assertEquals("INBOX/child", MailboxNames.toImap("INBOX.child"));
        assertEquals("INBOX", MailboxNames.toImap("INBOX"));
        assertEquals("INBOXES", MailboxNames.canonical("INBOXES"));
        assertEquals("inboxes", MailboxNames.canonical("inboxes"));
        assertTrue(MailboxNames.isInbox("iNbOx"));
        assertFalse(MailboxNames.isInbox("INBOX/x"));
    }

    @Test
    void parentsForCreate() {
        assertEquals(List.of("a", "a/b"), MailboxNames.parents("a/b/c"));
        assertEquals(List.of("INBOX"), MailboxNames.parents("inbox/x"));
        assertEquals(List.of(), MailboxNames.parents("a"));
        assertEquals("foo", MailboxNames.withoutTrailingDelimiter("foo/"));
        assertEquals("foo", MailboxNames.withoutTrailingDelimiter("foo"));
        assertThrows(MailboxNameException.class, () -> MailboxNames.toStore(MailboxNames.withoutTrailingDelimiter("/")));
        assertThrows(MailboxNameException.class, () -> MailboxNames.parents("a//b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "//", "a//b", "/a", "a/", ".", "..", "a/../b", "../../escape", "a/./b", "..//x",
        "a&b", "caf\u00e9", "&AAA-", "&AH8-", "&AB8-x", "tab\tname", "line\nbreak", "&AGE-", "&ACY-", "a/&AC8-/b",
        "x&AC4-y"})
    void refusesBadNames(String name) {
        MailboxNameException e = assertThrows(MailboxNameException.class, () -> MailboxNames.toStore(name));
        for (char c : e.getMessage().toCharArray()) {
            assertTrue(c >= 0x20 && c < 0x7f, "message fit for a NO response: " + e.getMessage());
        }
    }

    @Test
    void refusesNamesTooLongForTheMaildir() {
        String longest = "a".repeat(MailboxNames.MAX_STORE_NAME_OCTETS);
        assertEquals(longest, MailboxNames.toStore(longest));
        assertThrows(MailboxNameException.class, () -> MailboxNames.toStore(longest + "a"));
        // the escapes count: 40 dots are 200 octets as stored
        assertThrows(MailboxNameException.class, () -> MailboxNames.toStore(".".repeat(40)));
        assertThrows(MailboxNameException.class, () -> MailboxNames.toStore("a/".repeat(80) + "a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Caf\u00e9", "a&AGE-", "inbox.x", "a/b", "&AC4-", "a&b", "unterminated&AOk"})
    void storeNamesWithoutAnImapNameAreRefused(String store) {
        assertThrows(MailboxNameException.class, () -> MailboxNames.toImap(store));
    }

    @Test
    void everyNameAcceptedStaysInsideTheMaildir() throws Exception {
        List<String> tricky = List.of(".hidden", "...", "a.b/c..d", "~root", "\\..\\x", "&-", "-&--", "%2e%2e",
                "a/b/c", "INBOX/.x", "Entw&APw-rfe", "space name", "quote\"name", "*", "%");
        try (MaildirStore store = new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test")) {
            UserMailbox mailbox = store.open(TestUser.alice());
            Path root = store.maildirOf(TestUser.alice());
            for (String name : tricky) {
                String storeName = MailboxNames.toStore(name);
                assertEquals(MailboxNames.canonical(name), MailboxNames.toImap(storeName), name);
                for (String parent : MailboxNames.parents(name)) {
                    if (!mailbox.folders().contains(MailboxNames.toStore(parent))) {
                        mailbox.create(MailboxNames.toStore(parent));
                    }
                }
                mailbox.create(storeName);
                assertTrue(Files.isDirectory(root.resolve("." + storeName).resolve("cur")), name);
                assertTrue(mailbox.folders().contains(storeName), name);
            }
            try (Stream<Path> entries = Files.list(dataDir)) {
                assertEquals(List.of(dataDir.resolve("mail")), entries.toList(), "nothing outside mail/");
            }
            try (Stream<Path> entries = Files.list(root)) {
                for (Path entry : entries.toList()) {
                    String file = entry.getFileName().toString();
                    assertFalse(file.startsWith(".."), file);
                }
            }
        }
    }
}
