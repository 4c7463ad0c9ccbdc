package org.mailserver.imap.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LIST reference and pattern matching (RFC 3501 6.3.8). */
class ListMatcherTest {

    private static boolean matches(String reference, String pattern, String name) {
        return ListMatcher.of(reference, pattern).matches(name);
    }

    @Test
    void starMatchesAcrossLevelsPercentDoesNot() {
        // RFC 3501 6.3.8: "foo*" matches "foo", "foobar", "foo/bar"; "foo%" not "foo/bar"
        assertTrue(matches("", "foo*", "foo"));
        assertTrue(matches("", "foo*", "foobar"));
        assertTrue(matches("", "foo*", "foo/bar"));
        assertTrue(matches("", "foo%", "foo"));
        assertTrue(matches("", "foo%", "foobar"));
        assertFalse(matches("", "foo%", "foo/bar"));
        assertTrue(matches("", "%/%", "foo/bar"));
        assertFalse(matches("", "%/%", "foo/bar/baz"));
        assertTrue(matches("", "*", "a/b/c"));
        assertTrue(matches("", "%", "a"));
        assertFalse(matches("", "%", "a/b"));
        assertTrue(matches("", "a/*/c", "a/b/x/c"));
        assertFalse(matches("", "a/%/c", "a/b/x/c"));
    }

    @Test
    void referenceIsPrefixedUnlessThePatternStartsWithTheDelimiter() {
        // RFC 3501 6.3.8 example: reference ~smith/Mail/ and pattern foo.*
        assertEquals("~smith/Mail/foo.*", ListMatcher.canonicalPattern("~smith/Mail/", "foo.*"));
        assertTrue(matches("~smith/Mail/", "foo.*", "~smith/Mail/foo.bar"));
        assertFalse(matches("~smith/Mail/", "foo.*", "foo.bar"));
        assertTrue(matches("Fruit/", "%", "Fruit/Apple"));
        assertFalse(matches("Fruit/", "%", "Fruit"));
        assertEquals("/foo", ListMatcher.canonicalPattern("Fruit/", "/foo"));
        assertEquals("Archive%", ListMatcher.canonicalPattern("Archive", "%"));
    }

    @Test
    void inboxMatchesInAnyCaseOthersExactly() {
        assertTrue(matches("", "inbox", "INBOX"));
        assertTrue(matches("", "i*", "INBOX"));
        assertTrue(matches("", "InBoX/%", "INBOX/child"));
        assertTrue(matches("inbox/", "%", "INBOX/child"));
        assertFalse(matches("", "inbox/CHILD", "INBOX/child"), "only the INBOX level ignores case");
        assertFalse(matches("", "inbox*", "INBOXES"), "INBOXES is not INBOX");
        assertFalse(matches("", "archive", "Archive"));
        assertFalse(matches("", "\u0131nbox", "INBOX"), "no Unicode case mapping for INBOX");
    }

    @Test
    void comparesDecodedNames() {
        assertTrue(matches("", "Entw%", "Entw&APw-rfe"));
        assertTrue(matches("", "*&APw-*", "Entw&APw-rfe"));
        assertTrue(matches("", "&AOk-%", "&AOkA6Q-"), "a wildcard for a character inside a shifted run");
        assertFalse(matches("", "&AOk-", "&AOkA6Q-"));
        assertTrue(matches("", "&-*", "&-x"));
        assertTrue(matches("", "a&b*", "a&b"), "an invalid pattern is compared as sent");
    }

    @Test
    void severalPatterns() {
        ListMatcher m = ListMatcher.of("", List.of("INBOX", "Drafts", "Sent/%"));
        assertTrue(m.matches("INBOX"));
        assertTrue(m.matches("Sent/March2004"));
        assertFalse(m.matches("Sent"));
        assertFalse(m.matches("Trash"));
    }

    @Test
    void wildcardHeavyPatternsStayLinear() {
        String pattern = "*%".repeat(200) + "x";
        String name = "a/".repeat(100) + "b".repeat(200);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertFalse(matches("", pattern, name)));
    }
}
