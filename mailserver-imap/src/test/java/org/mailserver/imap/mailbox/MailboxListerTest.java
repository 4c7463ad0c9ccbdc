package org.mailserver.imap.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.grammar.StatusItem;

/**
 * LIST and LSUB answers, with the examples of RFC 3501 6.3.8 and 6.3.9 and RFC 5258 section 5
 * (our INBOX may have children, so it is {@code \HasNoChildren} where the RFC shows
 * {@code \NoInferiors}, and there is no {@code \Marked}).
 */
class MailboxListerTest {

    /** RFC 5258 5, examples 1 to 6. */
    private static final List<String> FRUIT = List.of("INBOX", "Fruit", "Fruit.Apple", "Fruit.Banana", "Tofu",
            "Vegetable", "Vegetable.Broccoli", "Vegetable.Corn");
    private static final Set<String> FRUIT_SUBSCRIBED = Set.of("INBOX", "Fruit.Banana", "Fruit.Peach", "Vegetable",
            "Vegetable.Broccoli");

    private static List<String> list(List<String> folders, Set<String> subscribed, String reference, List<String> patterns,
                                     Set<String> selection, Set<String> returns) {
        return MailboxLister.list(folders, subscribed, new ImapCommand.ListMailboxes("t", reference, patterns, selection,
                returns, List.of())).stream().map(MailboxLister.Entry::format).toList();
    }

    private static List<String> list(List<String> folders, Set<String> subscribed, String pattern, Set<String> selection,
                                     Set<String> returns) {
        return list(folders, subscribed, "", List.of(pattern), selection, returns);
    }

    private static List<String> lsub(List<String> folders, Set<String> subscribed, String reference, String pattern) {
        return MailboxLister.lsub(folders, subscribed, new ImapCommand.Lsub("t", reference, pattern)).stream()
                .map(MailboxLister.Entry::format).toList();
    }

    @Test
    void emptyPatternGivesTheDelimiterAndRoot() {
        // RFC 3501 6.3.8
        assertEquals(List.of("* LIST (\\Noselect) \"/\" \"\""), list(FRUIT, Set.of(), "", Set.of(), Set.of()));
        assertEquals(List.of("* LIST (\\Noselect) \"/\" \"\""), list(FRUIT, Set.of(), "Fruit/", List.of(""), Set.of(),
                Set.of()));
        // among several patterns, an empty one matches nothing (RFC 5258 3)
        assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"Tofu\""), list(FRUIT, Set.of(), "", List.of("", "Tofu"),
                Set.of(), Set.of()));
    }

    @Test
    void rfc5258Example1CompleteHierarchy() {
        assertEquals(List.of(
                "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                "* LIST (\\HasChildren) \"/\" \"Fruit\"",
                "* LIST (\\HasNoChildren) \"/\" \"Fruit/Apple\"",
                "* LIST (\\HasNoChildren) \"/\" \"Fruit/Banana\"",
                "* LIST (\\HasNoChildren) \"/\" \"Tofu\"",
                "* LIST (\\HasChildren) \"/\" \"Vegetable\"",
                "* LIST (\\HasNoChildren) \"/\" \"Vegetable/Broccoli\"",
                "* LIST (\\HasNoChildren) \"/\" \"Vegetable/Corn\""),
                list(FRUIT, FRUIT_SUBSCRIBED, "*", Set.of(), Set.of()));
    }

    @Test
    void rfc5258Example2SubscribedSelection() {
        assertEquals(List.of(
                "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"INBOX\"",
                "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"Fruit/Banana\"",
                "* LIST (\\NonExistent \\Subscribed \\HasNoChildren) \"/\" \"Fruit/Peach\"",
                "* LIST (\\Subscribed \\HasChildren) \"/\" \"Vegetable\"",
                "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"Vegetable/Broccoli\""),
                list(FRUIT, FRUIT_SUBSCRIBED, "*", Set.of("SUBSCRIBED"), Set.of()));
    }

    @Test
    void rfc5258Example3ChildrenReturnOption() {
        assertEquals(List.of(
                "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                "* LIST (\\HasChildren) \"/\" \"Fruit\"",
                "* LIST (\\HasNoChildren) \"/\" \"Tofu\"",
                "* LIST (\\HasChildren) \"/\" \"Vegetable\""),
                list(FRUIT, FRUIT_SUBSCRIBED, "%", Set.of(), Set.of("CHILDREN")));
    }

    @Test
    void rfc5258Examples5And6RemoteAndReturnSubscribed() {
        // no remote mailboxes: REMOTE SUBSCRIBED is SUBSCRIBED
        assertEquals(list(FRUIT, FRUIT_SUBSCRIBED, "*", Set.of("SUBSCRIBED"), Set.of()),
                list(FRUIT, FRUIT_SUBSCRIBED, "*", Set.of("REMOTE", "SUBSCRIBED"), Set.of()));
        // return options add no mailboxes: Fruit/Peach does not exist
        assertEquals(List.of(
                "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"INBOX\"",
                "* LIST (\\HasChildren) \"/\" \"Fruit\"",
                "* LIST (\\HasNoChildren) \"/\" \"Fruit/Apple\"",
                "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"Fruit/Banana\"",
                "* LIST (\\HasNoChildren) \"/\" \"Tofu\"",
                "* LIST (\\Subscribed \\HasChildren) \"/\" \"Vegetable\"",
                "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"Vegetable/Broccoli\"",
                "* LIST (\\HasNoChildren) \"/\" \"Vegetable/Corn\""),
                list(FRUIT, FRUIT_SUBSCRIBED, "*", Set.of("REMOTE"), Set.of("SUBSCRIBED")));
    }

    @Test
    void rfc5258Example7SeveralPatterns() {
        List<String> folders = List.of("INBOX", "Drafts", "Sent", "Sent.March2004", "Sent.December2003",
                "Sent.August2004", "Trash");
        assertEquals(List.of(
                "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                "* LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"",
                "* LIST (\\HasNoChildren) \"/\" \"Sent/August2004\"",
                "* LIST (\\HasNoChildren) \"/\" \"Sent/December2003\"",
                "* LIST (\\HasNoChildren) \"/\" \"Sent/March2004\""),
                list(folders, Set.of(), "", List.of("INBOX", "Drafts", "Sent/%", "inbox"), Set.of(), Set.of()));
    }

    /** RFC 5258 5, example 8: Foo, Foo/Bar, Foo/Baz, Moo. */
    private static final List<String> FOO = List.of("INBOX", "Foo", "Foo.Bar", "Foo.Baz", "Moo");

    @Test
    void rfc5258Example8ChildrenAndChildInfo() {
        assertEquals(List.of(
                "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                "* LIST (\\HasChildren) \"/\" \"Foo\"",
                "* LIST (\\HasNoChildren) \"/\" \"Moo\""),
                list(FOO, Set.of(), "%", Set.of(), Set.of("CHILDREN")));
        // A: only Foo/Baz subscribed
        Set<String> baz = Set.of("Foo.Baz");
        assertEquals(List.of("* LIST (\\Subscribed \\HasNoChildren) \"/\" \"Foo/Baz\""),
                list(FOO, baz, "*", Set.of("SUBSCRIBED"), Set.of()));
        assertEquals(List.of(), list(FOO, baz, "%", Set.of("SUBSCRIBED"), Set.of()));
        assertEquals(List.of("* LIST (\\HasChildren) \"/\" \"Foo\" (\"CHILDINFO\" (\"SUBSCRIBED\"))"),
                list(FOO, baz, "%", Set.of("SUBSCRIBED", "RECURSIVEMATCH"), Set.of()));
        // A1: Foo subscribed too
        assertEquals(List.of("* LIST (\\Subscribed \\HasChildren) \"/\" \"Foo\" (\"CHILDINFO\" (\"SUBSCRIBED\"))"),
                list(FOO, Set.of("Foo", "Foo.Baz"), "%", Set.of("SUBSCRIBED", "RECURSIVEMATCH"), Set.of()));
        // A2: Foo is no mailbox and not subscribed
        assertEquals(List.of("* LIST (\\NonExistent \\HasChildren) \"/\" \"Foo\" (\"CHILDINFO\" (\"SUBSCRIBED\"))"),
                list(List.of("INBOX", "Foo.Bar", "Foo.Baz", "Moo"), baz, "%", Set.of("SUBSCRIBED", "RECURSIVEMATCH"),
                        Set.of()));
        // B: nothing subscribed
        assertEquals(List.of(), list(FOO, Set.of(), "%", Set.of("SUBSCRIBED", "RECURSIVEMATCH"), Set.of()));
        // C: Foo and Moo subscribed, no child of Foo
        assertEquals(List.of(
                "* LIST (\\Subscribed \\HasChildren) \"/\" \"Foo\"",
                "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"Moo\""),
                list(FOO, Set.of("Foo", "Moo"), "%", Set.of("SUBSCRIBED", "RECURSIVEMATCH"), Set.of("CHILDREN")));
    }

    @Test
    void rfc5258Example9ChildInfoOnlyForChildrenThePatternMisses() {
        List<String> folders = List.of("INBOX", "foo2", "foo2.bar1", "foo2.bar2", "baz2", "baz2.bar2", "baz2.bar22",
                "baz2.bar222", "eps2", "eps2.mamba", "qux2.bar2");
        Set<String> subscribed = Set.of("foo2.bar1", "foo2.bar2", "baz2.bar2", "baz2.bar22", "baz2.bar222", "eps2",
                "eps2.mamba", "qux2.bar2");
        assertEquals(List.of(
                "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"baz2/bar2\"",
                "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"baz2/bar22\"",
                "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"baz2/bar222\"",
                "* LIST (\\Subscribed \\HasChildren) \"/\" \"eps2\" (\"CHILDINFO\" (\"SUBSCRIBED\"))",
                "* LIST (\\HasChildren) \"/\" \"foo2\" (\"CHILDINFO\" (\"SUBSCRIBED\"))",
                "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"foo2/bar2\"",
                "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"qux2/bar2\""),
                list(folders, subscribed, "*2", Set.of("RECURSIVEMATCH", "SUBSCRIBED"), Set.of()));
        // the basic LIST "*" does not list the level qux2: its child is listed itself
        assertFalse(list(folders, subscribed, "*", Set.of(), Set.of()).stream().anyMatch(l -> l.endsWith("\"qux2\"")));
    }

    @Test
    void levelsThatAreNoFolderAreNoselectForPercent() {
        List<String> folders = List.of("INBOX", "a.b", "a.c.d");
        // RFC 3501 6.3.8: "%" returns the level, \Noselect
        assertEquals(List.of(
                "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                "* LIST (\\Noselect \\HasChildren) \"/\" \"a\""),
                list(folders, Set.of(), "%", Set.of(), Set.of()));
        assertEquals(List.of(
                "* LIST (\\HasNoChildren) \"/\" \"a/b\"",
                "* LIST (\\Noselect \\HasChildren) \"/\" \"a/c\""),
                list(folders, Set.of(), "a/%", Set.of(), Set.of()));
        assertEquals(List.of("* LIST (\\Noselect \\HasChildren) \"/\" \"a\""), list(folders, Set.of(), "a", Set.of(),
                Set.of()));
        // "*" reaches the folders themselves
        assertEquals(List.of(
                "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                "* LIST (\\HasNoChildren) \"/\" \"a/b\"",
                "* LIST (\\HasNoChildren) \"/\" \"a/c/d\""),
                list(folders, Set.of(), "*", Set.of(), Set.of()));
        // the extended syntax says \NonExistent (RFC 5258 3)
        assertEquals(List.of(
                "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                "* LIST (\\NonExistent \\HasChildren) \"/\" \"a\""),
                list(folders, Set.of(), "%", Set.of(), Set.of("CHILDREN")));
        List<MailboxLister.Entry> entries = MailboxLister.list(folders, Set.of(),
                new ImapCommand.ListMailboxes("t", "", List.of("%"), Set.of(), Set.of("STATUS"),
                        List.of(StatusItem.MESSAGES)));
        assertTrue(entries.get(0).wantsStatus());
        assertFalse(entries.get(1).wantsStatus(), "no STATUS for a name that is no mailbox (RFC 5819)");
    }

    @Test
    void statusOnlyForMailboxesThatSatisfyTheSelection() {
        List<MailboxLister.Entry> entries = MailboxLister.list(FOO, Set.of("Foo.Baz", "Moo"),
                new ImapCommand.ListMailboxes("t", "", List.of("%"), Set.of("SUBSCRIBED", "RECURSIVEMATCH"),
                        Set.of("STATUS"), List.of(StatusItem.MESSAGES)));
        assertEquals(List.of("Foo", "Moo"), entries.stream().map(MailboxLister.Entry::name).toList());
        assertFalse(entries.get(0).wantsStatus(), "Foo is listed for its child only");
        assertTrue(entries.get(0).selectable());
        assertTrue(entries.get(1).wantsStatus());
    }

    @Test
    void specialUse() {
        List<String> folders = List.of("INBOX", "Archive", "Archive.2026", "Drafts", "Junk", "Notes", "Sent", "Trash");
        // RFC 6154: on every LIST, and selected by SPECIAL-USE
        assertEquals(List.of(
                "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                "* LIST (\\HasChildren \\Archive) \"/\" \"Archive\"",
                "* LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"",
                "* LIST (\\HasNoChildren \\Junk) \"/\" \"Junk\"",
                "* LIST (\\HasNoChildren) \"/\" \"Notes\"",
                "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"",
                "* LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\""),
                list(folders, Set.of(), "%", Set.of(), Set.of()));
        assertEquals(List.of(
                "* LIST (\\HasChildren \\Archive) \"/\" \"Archive\"",
                "* LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"",
                "* LIST (\\HasNoChildren \\Junk) \"/\" \"Junk\"",
                "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"",
                "* LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\""),
                list(folders, Set.of(), "*", Set.of("SPECIAL-USE"), Set.of("SPECIAL-USE")));
        // both selection options: special-use and subscribed (RFC 5258 3: every option must hold)
        assertEquals(List.of("* LIST (\\Subscribed \\HasNoChildren \\Sent) \"/\" \"Sent\""),
                list(folders, Set.of("Sent", "Notes", "Gone"), "*", Set.of("SPECIAL-USE", "SUBSCRIBED"), Set.of()));
        // only the top-level names are special
        assertFalse(list(List.of("INBOX", "Projects.Sent"), Set.of(), "*", Set.of(), Set.of()).get(1).contains("\\Sent"));
    }

    @Test
    void optionsThatCannotBeCombinedAreRefused() {
        for (Set<String> selection : List.of(Set.of("RECURSIVEMATCH"), Set.of("REMOTE", "RECURSIVEMATCH"),
                Set.of("SPECIAL-USE", "RECURSIVEMATCH"), Set.of("BOGUS"))) {
            assertThrows(IllegalArgumentException.class, () -> list(FOO, Set.of(), "*", selection, Set.of()),
                    selection.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> list(FOO, Set.of(), "*", Set.of(), Set.of("BOGUS")));
        assertEquals(list(FOO, Set.of("Foo"), "*", Set.of("SUBSCRIBED"), Set.of()),
                list(FOO, Set.of("Foo"), "*", Set.of("subscribed"), Set.of()), "options in any case");
    }

    @Test
    void lsub() {
        // RFC 3501 6.3.9: foo/bar subscribed, foo not: "%" returns foo, \Noselect
        List<String> folders = List.of("INBOX", "foo", "foo.bar", "news.comp");
        Set<String> subscribed = Set.of("foo.bar", "news.comp", "gone");
        assertEquals(List.of(
                "* LSUB (\\Noselect) \"/\" \"foo\"",
                "* LSUB (\\Noselect) \"/\" \"gone\"",
                "* LSUB (\\Noselect) \"/\" \"news\""),
                lsub(folders, subscribed, "", "%"));
        assertEquals(List.of(
                "* LSUB () \"/\" \"foo/bar\"",
                "* LSUB (\\Noselect) \"/\" \"gone\"",
                "* LSUB () \"/\" \"news/comp\""),
                lsub(folders, subscribed, "", "*"));
        assertEquals(List.of("* LSUB () \"/\" \"foo/bar\""), lsub(folders, subscribed, "foo/", "%"));
        assertEquals(List.of("* LSUB () \"/\" \"foo\""), lsub(folders, Set.of("foo", "foo.bar"), "", "%"));
    }

    @Test
    void inboxChildrenReferenceAndUnmappableFolders() {
        List<String> folders = List.of("INBOX", "INBOX.Sub", "Fruit", "Fruit.Apple", "Caf\u00e9", "a&AGE-");
        assertEquals(List.of(
                "* LIST (\\HasChildren) \"/\" \"INBOX\"",
                "* LIST (\\HasNoChildren) \"/\" \"INBOX/Sub\"",
                "* LIST (\\HasChildren) \"/\" \"Fruit\"",
                "* LIST (\\HasNoChildren) \"/\" \"Fruit/Apple\""),
                list(folders, Set.of(), "*", Set.of(), Set.of()));
        assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"INBOX/Sub\""),
                list(folders, Set.of(), "inbox/", List.of("%"), Set.of(), Set.of()));
        assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"Fruit/Apple\""),
                list(folders, Set.of(), "Fruit/", List.of("%"), Set.of(), Set.of()));
    }

    @Test
    void namesAreQuotedOrSentAsLiterals() {
        assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"say \\\"hi\\\" a\\\\b\""),
                list(List.of("INBOX", "say \"hi\" a&AFw-b"), Set.of(), "say*", Set.of(), Set.of()));
        assertEquals("* LIST () \"/\" {5}\r\nCaf\u00e9",
                new MailboxLister.Entry("LIST", "Caf\u00e9", List.of(), false, true).format());
    }
}
