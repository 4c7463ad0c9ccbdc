package org.mailserver.daemon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;

/**
 * Mailbox-name traversal on IMAP: bob tries CREATE, SELECT, EXAMINE, STATUS, APPEND, COPY, RENAME
 * (both ways), SUBSCRIBE and DELETE with names that would leave his Maildir if they were used as
 * paths ({@code ..}, {@code ../alice}, absolute paths, {@code ~}, backslashes, control characters,
 * and modified UTF-7 encodings of all of them). The verdict is read from the file system afterwards:
 * nothing outside bob's Maildir changed (alice's mail, the rest of the data directory, sentinel
 * paths in /tmp), and inside it every folder is one {@code .name} directory directly under the root.
 * Alice has two messages and bob one, so a SELECT that reached alice's INBOX would say 2 EXISTS.
 */
class MailboxTraversalTest {
    @TempDir
    static Path dir;
    static SecurityServer server;
    static final String SENTINEL = "mailserver-traversal-" + ProcessHandle.current().pid();

    @BeforeAll
    static void start() throws Exception {
        server = SecurityServer.start(dir);
        server.deliver("alice", "Subject: one\r\n\r\nalice's first\r\n");
        server.deliver("alice", "Subject: two\r\n\r\nalice's second\r\n");
        server.deliver("bob", "Subject: mine\r\n\r\nbob's\r\n");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static List<String> names() {
        return List.of("..", "../alice", "../../example.test/alice", "../../../../../../../../tmp/" + SENTINEL,
                "INBOX/..", "INBOX/../..", "INBOX/../../alice", "a/../../alice", "/../alice", "/..", "/",
                "//alice", "/tmp/" + SENTINEL, "/etc/passwd", "~", "~alice", "~/alice", "~/../alice", "~root",
                ".", "./", "./x", "x/.", ".hidden", "..hidden", "...", "a/./b", "a\\..\\b", "..\\alice",
                "..\\..\\alice", "%2e%2e/alice", "%2e%2e%2falice",
                // modified UTF-7 (RFC 3501 5.1.3) encodings of '.', '/', '\', '~', NUL, CR, LF
                "&AC4-&AC4-", "&AC4ALg-", "&AC4ALgAv-alice", "&AC4ALgAv-&AC4ALgAv-alice", "&AC8-", "&AC8-tmp&AC8-"
                        + SENTINEL, "&AC4ALgBc-alice", "&AFw-", "&AH4-", "&AAA-", "&AA0ACg-", "a&AAA-b", "a&AA0ACgAq-b",
                "INBOX&AC8ALgAu-", "&ACoAJQ-");
    }

    @Test
    void noMailboxNameLeadsOutOfTheUsersMaildir() throws Exception {
        Set<String> before = outsideBob();
        try (RawClient c = login()) {
            int n = 0;
            for (String name : names()) {
                String q = quoted(name);
                n++;
                String t = "t" + n;
                List<String> r = run(c, t + "a CREATE " + q);
                run(c, t + "b SUBSCRIBE " + q);
                for (String verb : List.of("SELECT", "EXAMINE")) {
                    r = run(c, t + "c " + verb + " " + q);
                    assertFalse(r.contains("* 2 EXISTS"), verb + " " + name + " reached alice's INBOX: " + r);
                    run(c, t + "d UNSELECT");
                }
                r = run(c, t + "e STATUS " + q + " (MESSAGES)");
                assertFalse(String.join("\n", r).contains("MESSAGES 2"), "STATUS " + name + ": " + r);
                run(c, t + "f APPEND " + q + " {22+}\r\nSubject: appended\r\n\r\nx");
                run(c, t + "g SELECT INBOX");
                run(c, t + "h COPY 1 " + q);
                run(c, t + "i MOVE 1 " + q);
                run(c, t + "j UNSELECT");
                run(c, t + "k CREATE Safe" + n);
                run(c, t + "l RENAME Safe" + n + " " + q);
                run(c, t + "m RENAME " + q + " Moved" + n);
                run(c, t + "n DELETE " + q);
                run(c, t + "o DELETE Moved" + n);
            }
            // the same names as literals, with raw control characters in them
            for (String raw : List.of("..", "../alice", "a\r\nb", "a\u0000b", "../\r\nalice", "\u0085", "a\rb")) {
                byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
                String lit = "{" + bytes.length + "+}\r\n" + raw;
                run(c, "u1 CREATE " + lit);
                List<String> r = run(c, "u2 SELECT " + lit);
                assertFalse(r.contains("* 2 EXISTS"), "SELECT literal " + printable(raw) + ": " + r);
                run(c, "u3 DELETE " + lit);
            }
            // UTF8=ACCEPT (RFC 6855): names in raw UTF-8
            run(c, "v1 ENABLE UTF8=ACCEPT");
            for (String raw : List.of("..", "../alice", "a\u2028b", "a\u0085b", "\u2025/alice")) {
                run(c, "v2 CREATE \"" + raw + "\"");
                List<String> r = run(c, "v3 SELECT \"" + raw + "\"");
                assertFalse(r.contains("* 2 EXISTS"), "SELECT utf8 " + printable(raw) + ": " + r);
                run(c, "v4 DELETE \"" + raw + "\"");
            }
            run(c, "z LOGOUT");
        }
        assertEquals(before, outsideBob(), "files outside bob's Maildir changed");
        assertEquals(2, server.inbox("alice").size(), "alice's messages");
        assertFalse(Files.exists(Path.of("/tmp", SENTINEL), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(Path.of("/tmp", "." + SENTINEL), LinkOption.NOFOLLOW_LINKS));
        assertBobsMaildirIsFlat();
    }

    /** The harness can tell: a plain folder is created where it should be. */
    @Test
    void anOrdinaryFolderIsADotDirectoryUnderTheRoot() throws Exception {
        try (RawClient c = login()) {
            List<String> r = run(c, "a CREATE Archive/2026");
            assertTrue(r.get(r.size() - 1).startsWith("a OK"), r.toString());
            run(c, "z LOGOUT");
        }
        assertTrue(Files.isDirectory(server.maildir("bob").resolve(".Archive.2026").resolve("cur")));
    }

    private static RawClient login() throws IOException {
        RawClient c = RawClient.connect("127.0.0.1", server.port("imap"));
        assertTrue(c.line().startsWith("* OK"));
        List<String> r = run(c, "l LOGIN bob " + TestLdif.PASSWORDS.get("bob"));
        assertTrue(r.get(r.size() - 1).startsWith("l OK"), r.toString());
        return c;
    }

    /** Sends a command and reads to its tagged response; the connection must stay up. */
    private static List<String> run(RawClient c, String command) throws IOException {
        String tag = command.substring(0, command.indexOf(' '));
        c.send(command + "\r\n");
        return c.tagged(tag);
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String printable(String s) {
        return s.chars().mapToObj(ch -> ch < 0x20 || ch >= 0x7f ? String.format("\\u%04x", ch) : String.valueOf((char) ch))
                .collect(Collectors.joining());
    }

    /** Every path under the data directory outside bob's Maildir and the spool (temporary files). */
    private static Set<String> outsideBob() throws IOException {
        Path data = server.data();
        Path bob = server.maildir("bob");
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.startsWith(bob) && !p.startsWith(data.resolve("spool")))
                    .map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Bob's root holds cur/new/tmp, plain files, and .name folder directories with only cur/new/tmp and files. */
    private static void assertBobsMaildirIsFlat() throws IOException {
        Path root = server.maildir("bob");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (Files.isSymbolicLink(p)) {
                    problems.add("symlink " + name);
                } else if (Files.isDirectory(p) && !Set.of("cur", "new", "tmp").contains(name)) {
                    if (!name.startsWith(".") || name.startsWith("..") || name.chars().anyMatch(ch -> ch < 0x20)) {
                        problems.add("folder directory " + printable(name));
                    }
                    try (Stream<Path> inner = Files.list(p)) {
                        for (Path q : inner.toList()) {
                            if (Files.isDirectory(q) && !Set.of("cur", "new", "tmp").contains(q.getFileName().toString())) {
                                problems.add("nested " + printable(name + "/" + q.getFileName()));
                            }
                        }
                    }
                }
                if (!p.toRealPath().startsWith(root.toRealPath())) {
                    problems.add("outside " + p.toRealPath());
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
