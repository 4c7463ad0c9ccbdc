package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Mailbox names on the wire and on disk: names that try to leave the Maildir are refused by every
 * command that takes one; modified UTF-7 (RFC 3501 5.1.3) goes through unchanged; a '.' inside a
 * level is kept as {@code &AC4-} in the Maildir++ directory name, as Dovecot does.
 */
class ImapMailboxNamesTest extends ImapServerTestBase {

    /** Every path below the test's temporary directory, relative to it. */
    private Set<String> tree() throws Exception {
        try (Stream<Path> paths = Files.walk(tmp)) {
            return paths.map(p -> tmp.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private Set<String> folderDirs(String user) throws Exception {
        try (Stream<Path> paths = Files.list(server.maildir(user))) {
            return paths.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void traversalAndMalformedNamesAreRefusedAndNothingIsCreated() throws Exception {
        ImapLineClient c = login("bob");
        Set<String> before = tree();
        for (String name : List.of("../x", "a/../../b", "..", ".", "a//b", "/abs", "a/./b", "\"\"",
                "a/..", "../../../../../tmp/evil")) {
            List<String> got = c.command("c1", "CREATE " + name);
            Transcript.check(got.subList(got.size() - 1, got.size()), "c1 NO {}");
            got = c.command("r1", "RENAME Trash " + name);
            Transcript.check(got.subList(got.size() - 1, got.size()), "r1 NO {}");
            got = c.command("s1", "SELECT " + name);
            assertTrue(got.get(got.size() - 1).startsWith("s1 NO"), name + ": " + got);
            got = c.command("t1", "STATUS " + name + " (MESSAGES)");
            assertTrue(got.get(got.size() - 1).startsWith("t1 NO"), name + ": " + got);
            got = c.command("u1", "SUBSCRIBE " + name);
            assertTrue(got.get(got.size() - 1).startsWith("u1 NO"), name + ": " + got);
            got = c.command("d1", "DELETE " + name);
            assertTrue(got.get(got.size() - 1).startsWith("d1 NO"), name + ": " + got);
            c.send("p1 APPEND " + name + " {7+}");
            c.send("Hi: x");
            c.send("");
            got = c.until("p1");
            assertTrue(got.get(got.size() - 1).startsWith("p1 NO"), name + ": " + got);
        }
        play(c, """
                C: z1 LIST "" "*"
                S: * LIST (\\HasNoChildren) "/" "INBOX"
                S: * LIST (\\HasNoChildren \\Archive) "/" "Archive"
                S: * LIST (\\HasNoChildren \\Drafts) "/" "Drafts"
                S: * LIST (\\HasNoChildren \\Junk) "/" "Junk"
                S: * LIST (\\HasNoChildren \\Sent) "/" "Sent"
                S: * LIST (\\HasNoChildren \\Trash) "/" "Trash"
                S: z1 OK {}
                """);
        assertEquals(before, tree(), "nothing created or removed anywhere");
    }

    @Test
    void controlCharactersInALiteralNameAreRefused() throws Exception {
        ImapLineClient c = login("bob");
        Set<String> before = tree();
        for (String name : List.of("a\u0001b", "tab\there", "new\r\nline", "del\u007f")) {
            byte[] octets = name.getBytes(StandardCharsets.UTF_8);
            c.write(("c1 CREATE {" + octets.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            c.write(octets);
            c.send("");
            List<String> got = c.until("c1");
            assertTrue(got.get(got.size() - 1).matches("c1 (NO|BAD) .*"), got.toString());
        }
        assertEquals(before, tree());
    }

    @Test
    void eightBitNamesMustBeModifiedUtf7() throws Exception {
        ImapLineClient c = login("bob");
        Set<String> before = folderDirs("bob");
        byte[] raw = "Entwürfe".getBytes(StandardCharsets.UTF_8);
        c.write(("c1 CREATE {" + raw.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        c.write(raw);
        c.send("");
        List<String> got = c.until("c1");
        assertTrue(got.get(got.size() - 1).matches("c1 (NO|BAD) .*"), got.toString());
        play(c, """
                C: c2 CREATE "Entw&APw"
                S: c2 NO {}
                C: c3 CREATE &AGE-
                S: c3 NO {}
                """);
        assertEquals(before, folderDirs("bob"));
    }

    @Test
    void modifiedUtf7RoundTripsThroughCreateListSelect() throws Exception {
        play(login("bob"), """
                C: a1 CREATE Entw&APw-rfe/&ZeVnLIqe-
                S: a1 OK {}
                C: a2 LIST "" "Entw*"
                S: * LIST (\\HasChildren) "/" "Entw&APw-rfe"
                S: * LIST (\\HasNoChildren) "/" "Entw&APw-rfe/&ZeVnLIqe-"
                S: a2 OK {}
                C: a3 SELECT "Entw&APw-rfe/&ZeVnLIqe-"
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 0 EXISTS
                S: * 0 RECENT
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 1] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a3 OK [READ-WRITE] {}
                C: a4 STATUS Entw&APw-rfe (MESSAGES)
                S: * STATUS Entw&APw-rfe (MESSAGES 0)
                S: a4 OK {}
                """);
        assertTrue(folderDirs("bob").containsAll(Set.of(".Entw&APw-rfe", ".Entw&APw-rfe.&ZeVnLIqe-")), folderDirs("bob").toString());
    }

    @Test
    void aDotInsideALevelIsStoredEscaped() throws Exception {
        play(login("bob"), """
                C: a1 CREATE v1.2
                S: a1 OK {}
                C: a2 CREATE v1.2/notes.old
                S: a2 OK {}
                C: a3 LIST "" "v1*"
                S: * LIST (\\HasChildren) "/" "v1.2"
                S: * LIST (\\HasNoChildren) "/" "v1.2/notes.old"
                S: a3 OK {}
                C: a4 APPEND v1.2 {7+}
                C: Hi: x
                C:
                S: a4 OK [APPENDUID {} 1] {}
                C: a5 SELECT v1.2
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 1 EXISTS
                S: * 1 RECENT
                S: * OK [UNSEEN 1] {}
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 2] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a5 OK [READ-WRITE] {}
                C: a6 LIST "" v1
                S: a6 OK {}
                """);
        Set<String> dirs = folderDirs("bob");
        assertTrue(dirs.contains(".v1&AC4-2") && dirs.contains(".v1&AC4-2.notes&AC4-old"), dirs.toString());
        assertTrue(dirs.stream().noneMatch(d -> d.equals(".v1") || d.equals(".v1.2")), dirs.toString());
    }

    @Test
    void aFolderMadeByAnotherProgramShowsUp() throws Exception {
        ImapLineClient c = login("bob");
        Path dir = server.maildir("bob").resolve(".Lists.imap&AC4-dev");
        for (String d : new String[] {"cur", "new", "tmp"}) {
            Files.createDirectories(dir.resolve(d));
        }
        drop("bob", ".Lists.imap&AC4-dev", message("from-elsewhere", "hello"));
        play(c, """
                C: a1 LIST "" "Lists*"
                S: * LIST (\\HasNoChildren) "/" "Lists/imap.dev"
                S: a1 OK {}
                C: a11 LIST "" "L%"
                S: * LIST (\\Noselect \\HasChildren) "/" "Lists"
                S: a11 OK {}
                C: a2 STATUS Lists/imap.dev (MESSAGES UNSEEN)
                S: * STATUS Lists/imap.dev (MESSAGES 1 UNSEEN 1)
                S: a2 OK {}
                """);
    }
}
