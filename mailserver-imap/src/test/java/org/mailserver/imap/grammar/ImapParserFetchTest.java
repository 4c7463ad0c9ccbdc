package org.mailserver.imap.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailserver.imap.grammar.ImapParserTest.error;
import static org.mailserver.imap.grammar.ImapParserTest.parse;
import static org.mailserver.imap.grammar.ImapParserTest.set;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailserver.imap.grammar.FetchAttribute.Binary;
import org.mailserver.imap.grammar.FetchAttribute.BodySection;
import org.mailserver.imap.grammar.FetchAttribute.Simple;

/** FETCH and UID FETCH: macros, sections, partials, BINARY, CONDSTORE and QRESYNC modifiers, errors. */
class ImapParserFetchTest {
    private static final long STAR = SequenceSet.STAR;

    private static List<FetchAttribute> items(String wire) throws ImapSyntaxException {
        return ((ImapCommand.Fetch) parse(wire)).items();
    }

    private static BodySection body(boolean peek, List<Integer> part, SectionKind kind, List<String> fields) {
        return new BodySection(peek, part, kind, fields, -1, 0, null);
    }

    @Test
    void macrosAreExpanded() throws Exception {
        assertEquals(new ImapCommand.Fetch("a1", false, set(1, STAR), List.of(Simple.FLAGS, Simple.INTERNALDATE,
                Simple.RFC822_SIZE, Simple.ENVELOPE), -1, false), parse("a1 FETCH 1:* ALL"));
        assertEquals(List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE), items("a2 FETCH 1 fast"));
        assertEquals(List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY),
                items("a3 FETCH 1 FULL"));
        assertEquals("unknown FETCH item ALL", error("a4 FETCH 1 (ALL)").getMessage());
    }

    @Test
    void simpleItems() throws Exception {
        assertEquals(new ImapCommand.Fetch("a1", true, set(4827313, 4828442), List.of(Simple.UID, Simple.FLAGS,
                        Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY, Simple.BODYSTRUCTURE,
                        Simple.MODSEQ), -1, false),
                parse("a1 UID FETCH 4827313:4828442 (uid FLAGS InternalDate RFC822.SIZE ENVELOPE BODY BODYSTRUCTURE MODSEQ)"));
        assertEquals(List.of(Simple.FLAGS), items("a2 FETCH 2 FLAGS"));
    }

    @Test
    void rfc822ItemsAreBodySectionsUnderTheirOwnName() throws Exception {
        assertEquals(List.of(new BodySection(false, List.of(), SectionKind.WHOLE, List.of(), -1, 0, "RFC822"),
                        new BodySection(true, List.of(), SectionKind.HEADER, List.of(), -1, 0, "RFC822.HEADER"),
                        new BodySection(false, List.of(), SectionKind.TEXT, List.of(), -1, 0, "RFC822.TEXT")),
                items("a1 FETCH 1 (RFC822 RFC822.HEADER rfc822.text)"));
    }

    @Test
    void bodySections() throws Exception {
        assertEquals(List.of(body(false, List.of(), SectionKind.WHOLE, List.of()),
                        body(true, List.of(), SectionKind.HEADER, List.of()),
                        body(false, List.of(), SectionKind.TEXT, List.of()),
                        body(true, List.of(1, 2, 3), SectionKind.WHOLE, List.of()),
                        body(false, List.of(1, 2), SectionKind.MIME, List.of()),
                        body(false, List.of(4), SectionKind.HEADER, List.of()),
                        body(false, List.of(3), SectionKind.TEXT, List.of())),
                items("a1 FETCH 1 (BODY[] BODY.PEEK[HEADER] body[text] BODY.PEEK[1.2.3] BODY[1.2.MIME] BODY[4.HEADER] "
                        + "BODY[3.TEXT])"));
        assertEquals(List.of(body(true, List.of(), SectionKind.HEADER_FIELDS, List.of("DATE", "From", "Message-ID")),
                        body(false, List.of(2), SectionKind.HEADER_FIELDS_NOT, List.of("Received"))),
                items("a2 FETCH 1:* (BODY.PEEK[HEADER.FIELDS (DATE From \"Message-ID\")] BODY[2.header.fields.not (Received)])"));
        assertEquals(List.of(body(false, List.of(), SectionKind.HEADER_FIELDS, List.of("X-Long"))),
                items("a3 FETCH 1 BODY[HEADER.FIELDS ({6}\r\nX-Long)]"));
    }

    @Test
    void partials() throws Exception {
        assertEquals(List.of(new BodySection(false, List.of(), SectionKind.WHOLE, List.of(), 0, 2048, null),
                        new BodySection(true, List.of(1), SectionKind.TEXT, List.of(), 100, 1, null)),
                items("a1 FETCH 1 (BODY[]<0.2048> BODY.PEEK[1.TEXT]<100.1>)"));
        assertEquals("partial length must not be 0", error("a2 FETCH 1 BODY[]<0.0>").getMessage());
        assertEquals("invalid partial length at >", error("a3 FETCH 1 BODY[]<5.>").getMessage());
    }

    @Test
    void binary() throws Exception {
        assertEquals(List.of(new Binary(false, false, List.of(), -1, 0), new Binary(true, false, List.of(1, 2), 0, 100),
                        new Binary(true, true, List.of(3), -1, 0)),
                items("a1 FETCH 1 (BINARY[] BINARY.PEEK[1.2]<0.100> BINARY.SIZE[3])"));
        assertEquals("unknown FETCH item BINARY[1.TEXT]", error("a2 FETCH 1 BINARY[1.TEXT]").getMessage());
        assertEquals("unknown FETCH item BINARY.SIZE", error("a3 FETCH 1 BINARY.SIZE").getMessage());
    }

    @Test
    void condstoreAndQresyncModifiers() throws Exception {
        assertEquals(new ImapCommand.Fetch("a1", false, set(1, 100), List.of(Simple.FLAGS), 12345, false),
                parse("a1 FETCH 1:100 (FLAGS) (CHANGEDSINCE 12345)"));
        assertEquals(new ImapCommand.Fetch("a2", true, set(300, 500), List.of(Simple.FLAGS), 12345, true),
                parse("a2 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)"));
        assertEquals("VANISHED is only allowed in UID FETCH with CHANGEDSINCE",
                error("a3 FETCH 1 FLAGS (CHANGEDSINCE 1 VANISHED)").getMessage());
        assertEquals("VANISHED is only allowed in UID FETCH with CHANGEDSINCE",
                error("a4 UID FETCH 1 FLAGS (VANISHED)").getMessage());
        assertEquals("unknown FETCH modifier FOO", error("a5 FETCH 1 FLAGS (FOO)").getMessage());
    }

    @Test
    void unknownItems() {
        assertEquals("unknown FETCH item BODY[X]", error("a1 FETCH 1 BODY[X]").getMessage());
        assertEquals("unknown FETCH item BODY[X]", error("a2 FETCH 1 (FLAGS BODY[X] UID)").getMessage());
        assertEquals("MIME needs a part number: BODY[MIME]", error("a3 FETCH 1 BODY[MIME]").getMessage());
        assertEquals("unknown FETCH item BODY.PEEK", error("a4 FETCH 1 BODY.PEEK").getMessage());
        assertEquals("unknown FETCH item FOO", error("a5 FETCH 1 FOO").getMessage());
        assertEquals("missing FETCH item", error("a6 FETCH 1 ()").getMessage());
        assertEquals("missing FETCH items", error("a7 FETCH 1").getMessage());
        assertEquals("section part must not be 0", error("a8 FETCH 1 BODY[0]").getMessage());
        assertEquals("missing header field list", error("a9 FETCH 1 BODY[HEADER.FIELDS]").getMessage());
        assertEquals("missing header field name", error("b1 FETCH 1 BODY[HEADER.FIELDS ()]").getMessage());
        assertEquals("unknown FETCH item BODY[1.2.X]", error("b2 FETCH 1 BODY[1.2.X]").getMessage());
        assertEquals("missing closing parenthesis of the FETCH items", error("b3 FETCH 1 (FLAGS").getMessage());
    }
}
