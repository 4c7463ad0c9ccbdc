package org.mailserver.imap.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mailserver.imap.grammar.ImapParserTest.error;
import static org.mailserver.imap.grammar.ImapParserTest.frame;
import static org.mailserver.imap.grammar.ImapParserTest.parse;
import static org.mailserver.imap.grammar.ImapParserTest.set;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailserver.imap.grammar.SearchKey.And;
import org.mailserver.imap.grammar.SearchKey.DateOp;

/** SEARCH and UID SEARCH: every RFC 3501 6.4.4 key, CHARSET, RETURN, OLDER/YOUNGER, MODSEQ, nesting, errors. */
class ImapParserSearchTest {
    private static final long STAR = SequenceSet.STAR;

    private static SearchKey key(String criteria) throws ImapSyntaxException {
        return ((ImapCommand.Search) parse("a SEARCH " + criteria)).key();
    }

    private static And and(SearchKey... keys) {
        return new And(List.of(keys));
    }

    @Test
    void theCommand() throws Exception {
        assertEquals(new ImapCommand.Search("A282", false, null, and(new SearchKey.Flag("\\Flagged", true),
                        new SearchKey.Date(DateOp.SINCE, LocalDate.of(1994, 2, 1), false),
                        new SearchKey.Not(new SearchKey.Header("From", "Smith"))), null),
                parse("A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\""));
        assertEquals(new ImapCommand.Search("A283", true, "UTF-8", and(new SearchKey.Text("\u00e9t\u00e9")), null),
                parse("A283 UID SEARCH CHARSET UTF-8 TEXT {5}\r\n\u00e9t\u00e9"));
        assertEquals(new ImapCommand.Search("A284", false, null, and(new SearchKey.All()), Set.of("MIN", "COUNT")),
                parse("A284 SEARCH RETURN (MIN COUNT) ALL"));
        assertEquals(new ImapCommand.Search("A285", true, "US-ASCII", and(new SearchKey.All()), Set.of("ALL")),
                parse("A285 UID SEARCH RETURN () CHARSET US-ASCII ALL"));
    }

    @Test
    void flagKeys() throws Exception {
        assertEquals(and(new SearchKey.Flag("\\Answered", true), new SearchKey.Flag("\\Deleted", true),
                        new SearchKey.Flag("\\Draft", true), new SearchKey.Flag("\\Flagged", true),
                        new SearchKey.Flag("\\Seen", true), new SearchKey.Flag("\\Answered", false),
                        new SearchKey.Flag("\\Deleted", false), new SearchKey.Flag("\\Draft", false),
                        new SearchKey.Flag("\\Flagged", false), new SearchKey.Flag("\\Seen", false),
                        new SearchKey.Flag("$Forwarded", true), new SearchKey.Flag("$Junk", false)),
                key("ANSWERED deleted Draft FLAGGED SEEN UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN "
                        + "KEYWORD $Forwarded UNKEYWORD $Junk"));
        assertEquals(and(and(new SearchKey.Recent(true), new SearchKey.Flag("\\Seen", false)),
                        new SearchKey.Recent(false), new SearchKey.Recent(true), new SearchKey.All()),
                key("NEW OLD RECENT ALL"));
    }

    @Test
    void stringKeys() throws Exception {
        assertEquals(and(new SearchKey.Header("From", "alice"), new SearchKey.Header("To", "bob"),
                        new SearchKey.Header("Cc", "carol"), new SearchKey.Header("Bcc", ""),
                        new SearchKey.Header("Subject", "hello world"), new SearchKey.Header("List-Id", "dev"),
                        new SearchKey.Body("x"), new SearchKey.Text("y")),
                key("FROM alice TO bob cc carol BCC \"\" SUBJECT \"hello world\" HEADER List-Id dev BODY x TEXT y"));
    }

    @Test
    void charsetDecodesTheStrings() throws Exception {
        byte[] line = "a SEARCH CHARSET ISO-8859-1 SUBJECT {3}".getBytes(StandardCharsets.US_ASCII);
        List<Segment> segments = List.of(new Segment.Text(line), new Segment.Literal(new byte[] {'c', (byte) 0xe9, '!'}),
                new Segment.Text(new byte[0]));
        ImapCommand.Search s = (ImapCommand.Search) ImapParser.parse(segments);
        assertEquals("ISO-8859-1", s.charset());
        assertEquals(and(new SearchKey.Header("Subject", "c\u00e9!")), s.key());
        // an unknown charset is the session's NO [BADCHARSET], not a syntax error
        s = (ImapCommand.Search) parse("a SEARCH CHARSET X-UNKNOWN TEXT x");
        assertEquals("X-UNKNOWN", s.charset());
    }

    @Test
    void dateSizeAndAgeKeys() throws Exception {
        assertEquals(and(new SearchKey.Date(DateOp.BEFORE, LocalDate.of(1994, 2, 1), false),
                        new SearchKey.Date(DateOp.ON, LocalDate.of(2024, 12, 31), false),
                        new SearchKey.Date(DateOp.SINCE, LocalDate.of(2000, 2, 29), false),
                        new SearchKey.Date(DateOp.BEFORE, LocalDate.of(1994, 2, 1), true),
                        new SearchKey.Date(DateOp.ON, LocalDate.of(1994, 2, 1), true),
                        new SearchKey.Date(DateOp.SINCE, LocalDate.of(1994, 2, 1), true),
                        new SearchKey.Size(1024, true), new SearchKey.Size(5000000000L, false),
                        new SearchKey.Age(3600, true), new SearchKey.Age(60, false)),
                key("BEFORE 1-Feb-1994 ON \"31-dec-2024\" SINCE 29-FEB-2000 SENTBEFORE 01-Feb-1994 SENTON 1-Feb-1994 "
                        + "SENTSINCE 1-Feb-1994 LARGER 1024 SMALLER 5000000000 OLDER 3600 YOUNGER 60"));
        assertEquals("invalid date: no such day", error("a SEARCH ON 29-Feb-1999").getMessage());
        assertEquals("invalid date at 1994-02-01", error("a SEARCH ON 1994-02-01").getMessage());
        assertEquals("interval must not be 0", error("a SEARCH OLDER 0").getMessage());
    }

    @Test
    void setsAndNesting() throws Exception {
        assertEquals(and(new SearchKey.Sequence(set(1, 1, 3, 5, STAR, STAR)), new SearchKey.Uid(set(10, STAR)),
                        new SearchKey.Or(new SearchKey.Flag("\\Seen", false), and(new SearchKey.Flag("\\Flagged", true),
                                new SearchKey.Not(new SearchKey.Sequence(set(2, 2)))))),
                key("1,3:5,* UID 10:* OR UNSEEN (FLAGGED NOT 2)"));
        assertEquals(and(new SearchKey.Or(new SearchKey.Or(new SearchKey.Header("From", "a"),
                        new SearchKey.Header("From", "b")), new SearchKey.Header("From", "c"))),
                key("or OR FROM a FROM b FROM c"));
        assertEquals(and(and(and(new SearchKey.All()))), key("((ALL))"));
    }

    @Test
    void modseq() throws Exception {
        assertEquals(and(new SearchKey.ModSeq(620162338)), key("MODSEQ 620162338"));
        assertEquals(and(new SearchKey.ModSeq(620162338), new SearchKey.All()),
                key("MODSEQ \"/flags/\\\\draft\" all 620162338 ALL"));
        assertEquals("MODSEQ entry type must be priv, shared or all", error("a SEARCH MODSEQ \"/flags/x\" none 5").getMessage());
    }

    @Test
    void errors() {
        assertEquals("unknown SEARCH key FOO", error("a SEARCH FOO").getMessage());
        assertEquals("missing search criteria", error("a SEARCH").getMessage());
        assertEquals("missing search string", error("a SEARCH FROM").getMessage());
        assertEquals("missing second search key of OR", error("a SEARCH OR ALL").getMessage());
        assertEquals("missing closing parenthesis of the search criteria", error("a SEARCH (ALL").getMessage());
        assertEquals("unknown SEARCH RETURN option PARTIAL", error("a SEARCH RETURN (PARTIAL) ALL").getMessage());
        assertEquals("invalid UID set: 0 is not a message number or UID", error("a SEARCH UID 0").getMessage());
        StringBuilder deep = new StringBuilder("a SEARCH ");
        for (int i = 0; i < 1000; i++) {
            deep.append("NOT ");
        }
        assertEquals("search criteria nested too deeply", error(deep + "ALL").getMessage());
        StringBuilder parens = new StringBuilder("a SEARCH ");
        parens.append("(".repeat(100000)).append("ALL").append(")".repeat(100000));
        assertEquals("search criteria nested too deeply", error(parens.toString()).getMessage());
        assertNull(error("* SEARCH ALL").tag());
        List<Segment> f = new ArrayList<>(frame("a SEARCH ALL"));
        assertEquals(1, f.size());
    }
}
