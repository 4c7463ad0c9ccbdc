package org.mailserver.imap.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mailserver.imap.grammar.FetchAttribute;
import org.mailserver.imap.grammar.SectionKind;
import org.mailserver.store.mime.MessageStructure;

/**
 * {@code BODY[section]} for every {@link SectionKind}, part numbers into multiparts and
 * message/rfc822, and partials. The expected contents of {@code sections}, {@code only-rfc822} and
 * {@code digest} are those of Dovecot's imaptest ({@code fetch-body-mime},
 * {@code fetch-body-message-rfc822-x2}, {@code fetch-body-message-rfc822-mime}) in CRLF form.
 */
class SectionLocatorTest {

    private static String fetch(String message, String section) throws IOException {
        return fetch(message, section, -1, 0);
    }

    /** {@code section} as IMAP writes it, e.g. {@code 2.1.MIME} or {@code HEADER.FIELDS (From Subject)}. */
    private static String fetch(String message, String section, long partialStart, long partialLength)
            throws IOException {
        byte[] octets = MimeCorpus.message(message);
        MessageStructure structure = MessageStructure.parse(new ByteArrayInputStream(octets));
        String spec = section;
        List<String> fields = List.of();
        int paren = section.indexOf(" (");
        if (paren > 0) {
            fields = Arrays.asList(section.substring(paren + 2, section.length() - 1).split(" "));
            spec = section.substring(0, paren);
        }
        List<Integer> part = new ArrayList<>();
        SectionKind kind = SectionKind.WHOLE;
        String[] tokens = spec.isEmpty() ? new String[0] : spec.split("\\.");
        int i = 0;
        while (i < tokens.length && Character.isDigit(tokens[i].charAt(0))) {
            part.add(Integer.parseInt(tokens[i++]));
        }
        if (i < tokens.length) {
            String name = String.join("_", Arrays.asList(tokens).subList(i, tokens.length));
            kind = SectionKind.valueOf(name.toUpperCase(Locale.ROOT));
        }
        FetchAttribute.BodySection body = new FetchAttribute.BodySection(true, part, kind, fields, partialStart,
                partialLength, null);
        SectionContent content = SectionLocator.locate(body, structure, () -> new ByteArrayInputStream(octets));
        if (body.partialStart() >= 0) {
            content = content.applyPartial(body.partialStart(), body.partialLength());
        }
        try (InputStream in = content.open(() -> new ByteArrayInputStream(octets))) {
            byte[] read = in.readAllBytes();
            assertEquals(content.length(), read.length, "length() is what open() gives");
            return new String(read, StandardCharsets.UTF_8);
        }
    }

    private static String crlf(String text) {
        return new String(MimeCorpus.crlf(text), StandardCharsets.UTF_8);
    }

    @Test
    void wholeHeaderAndTextOfTheMessage() throws Exception {
        String all = crlf(MimeCorpus.resource("sections.eml"));
        assertEquals(all, fetch("sections", ""));
        int text = all.indexOf("Root MIME prologue");
        assertEquals(all.substring(0, text), fetch("sections", "HEADER"));
        assertEquals(all.substring(text), fetch("sections", "TEXT"));
    }

    @Test
    void partsOfAMultipart() throws Exception {
        assertEquals("hello\r\n", fetch("sections", "1"));
        assertEquals("Content-Type: text/x-myown; charset=us-ascii\r\n\r\n", fetch("sections", "1.MIME"));
        assertEquals(crlf("""
                From: sub@domain.org
                Date: Sun, 12 Aug 2012 12:34:56 +0300
                Subject: submsg
                Content-Type: multipart/alternative; boundary="sub1"

                Sub MIME prologue
                --sub1
                Content-Type: text/html

                <p>Hello world</p>

                --sub1
                Content-Type: text/plain

                Hello another world

                --sub1--
                Sub MIME epilogue
                """), fetch("sections", "2"));
        assertEquals("Content-Type: message/rfc822\r\n\r\n", fetch("sections", "2.MIME"));
        assertEquals("<p>Hello world</p>\r\n", fetch("sections", "2.1"));
        assertEquals("Content-Type: text/html\r\n\r\n", fetch("sections", "2.1.MIME"));
        assertEquals("Hello another world\r\n", fetch("sections", "2.2"));
        assertEquals("Content-Type: text/plain\r\n\r\n", fetch("sections", "2.2.MIME"));
    }

    @Test
    void headerAndTextOfAMessageRfc822Part() throws Exception {
        assertEquals(crlf("""
                From: sub@domain.org
                Date: Sun, 12 Aug 2012 12:34:56 +0300
                Subject: submsg
                Content-Type: multipart/alternative; boundary="sub1"

                """), fetch("sections", "2.HEADER"));
        assertEquals("From: sub@domain.org\r\nSubject: submsg\r\n\r\n",
                fetch("sections", "2.HEADER.FIELDS (from subject X-foo)"));
        assertEquals("Date: Sun, 12 Aug 2012 12:34:56 +0300\r\nContent-Type: multipart/alternative; boundary=\"sub1\"\r\n\r\n",
                fetch("sections", "2.HEADER.FIELDS.NOT (from subject X-foo)"));
        assertEquals(crlf("""
                Sub MIME prologue
                --sub1
                Content-Type: text/html

                <p>Hello world</p>

                --sub1
                Content-Type: text/plain

                Hello another world

                --sub1--
                Sub MIME epilogue
                """), fetch("sections", "2.TEXT"));
    }

    @Test
    void aMessageWhoseOnlyPartIsMessageRfc822() throws Exception {
        String sub = "From: sub@domain.org\r\nDate: Sun, 12 Aug 2012 12:34:56 +0300\r\nSubject: submsg\r\n\r\n";
        String user2 = "From: user2@domain.org\r\nDate: Fri, 23 Mar 2007 11:22:33 +0200\r\nMime-Version: 1.0\r\n"
                + "Content-Type: message/rfc822\r\n\r\n";
        assertEquals(user2 + sub + "Hello world\r\n", fetch("only-rfc822", "TEXT"));
        assertEquals(user2 + sub + "Hello world\r\n", fetch("only-rfc822", "1"));
        assertEquals(sub + "Hello world\r\n", fetch("only-rfc822", "1.1"));
        assertEquals(user2, fetch("only-rfc822", "1.HEADER"));
        assertEquals(sub + "Hello world\r\n", fetch("only-rfc822", "1.TEXT"));
        assertEquals("Hello world\r\n", fetch("only-rfc822", "1.1.1"));
        assertEquals(sub, fetch("only-rfc822", "1.1.HEADER"));
        assertEquals("Hello world\r\n", fetch("only-rfc822", "1.1.TEXT"));
    }

    @Test
    void digestPartsAreMessages() throws Exception {
        assertEquals("From: m1@example.com\r\nSubject: m1\r\n\r\nm1 body\r\n", fetch("digest", "1.1"));
        assertEquals("\r\n", fetch("digest", "1.1.MIME"));
        assertEquals("From: m1@example.com\r\nSubject: m1\r\n\r\n", fetch("digest", "1.1.HEADER"));
        assertEquals("m1 body\r\n", fetch("digest", "1.1.TEXT"));
        assertEquals("From: m2@example.com\r\nSubject: m2\r\n\r\nm2 body\r\n", fetch("digest", "1.2"));
        assertEquals("X-Mime: m2 header\r\n\r\n", fetch("digest", "1.2.MIME"));
        assertEquals("From: m2@example.com\r\nSubject: m2\r\n\r\n", fetch("digest", "1.2.HEADER"));
        assertEquals("m2 body\r\n", fetch("digest", "1.2.TEXT"));
    }

    @Test
    void partOneOfASinglePartMessageIsItsBody() throws Exception {
        assertEquals("body1\r\n\r\n", fetch("header-fields", "1"));
        assertEquals("", fetch("header-fields", "1.HEADER"), "not a message/rfc822 part");
        assertEquals("", fetch("header-fields", "1.TEXT"));
        assertEquals("", fetch("header-fields", "1.HEADER.FIELDS (From)"));
    }

    @Test
    void partsThatDoNotExistAreEmpty() throws Exception {
        for (String section : List.of("3", "0", "2.3", "1.1", "2.1.1", "2.1.HEADER", "3.MIME", "1.2.3.4.5")) {
            assertEquals("", fetch("sections", section), section);
        }
        assertEquals("", fetch("header-fields", "2"));
        assertEquals("", fetch("header-fields", "1.1"));
        assertEquals("", fetch("boundary-never-found", "1"), "a multipart without parts");
        assertEquals("", fetch("sections", "MIME"), "MIME needs part numbers");
    }

    @Test
    void headerFieldsKeepFoldedLinesAndTheirOrder() throws Exception {
        assertEquals("From: User1 <user1@domain.org>\r\n\r\n", fetch("header-fields", "HEADER.FIELDS (xyz from)")
                .replace("From: second from\r\n", ""));
        assertEquals("From: User1 <user1@domain.org>\r\nsubject: s1\r\nFrom: second from\r\n\r\n",
                fetch("header-fields", "HEADER.FIELDS (FROM Subject)"));
        assertEquals("Received: from a\r\n\tby b; Mon, 2 Mar 2026 10:00:00 +0100\r\nX-Folded: one\r\n  two\r\n   three\r\n\r\n",
                fetch("header-fields", "HEADER.FIELDS (received x-folded)"));
        assertEquals("Received: from a\r\n\tby b; Mon, 2 Mar 2026 10:00:00 +0100\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\n"
                + "X-Folded: one\r\n  two\r\n   three\r\n\r\n", fetch("header-fields", "HEADER.FIELDS.NOT (From subject)"));
        assertEquals("\r\n", fetch("header-fields", "HEADER.FIELDS (xyz)"));
        assertEquals("\r\n", fetch("no-header", "HEADER.FIELDS.NOT (xyz)"));
    }

    @Test
    void partials() throws Exception {
        // imaptest fetch-body: body[text] of "body1\n\n" is b,o,d,y,1,CR,LF,CR,LF
        assertEquals("bod", fetch("header-fields", "TEXT", 0, 3));
        assertEquals("y1\r", fetch("header-fields", "TEXT", 3, 3));
        assertEquals("\n\r\n", fetch("header-fields", "TEXT", 6, 100));
        assertEquals("", fetch("header-fields", "TEXT", 9, 1), "start at the end");
        assertEquals("", fetch("header-fields", "TEXT", 1000, 1), "start past the end");
        assertEquals("", fetch("header-fields", "TEXT", 2, 0));
        assertEquals("om: User1", fetch("header-fields", "HEADER.FIELDS (from)", 2, 9));
        assertEquals("", fetch("header-fields", "HEADER.FIELDS (from)", 500, 9));
        assertEquals("Conten", fetch("sections", "2.1.MIME", 0, 6));
    }

    @Test
    void rangesAreCopiedFromTheMessageAndBytesNeedNoFile() throws Exception {
        byte[] octets = MimeCorpus.message("sections");
        MessageStructure structure = MessageStructure.parse(new ByteArrayInputStream(octets));
        AtomicInteger opened = new AtomicInteger();
        SectionContent.MessageOpener opener = () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(octets);
        };
        SectionContent text = SectionLocator.locate(List.of(1), SectionKind.WHOLE, List.of(), structure, opener);
        assertEquals(new SectionContent.Range(structure.root().children().get(0).bodyStart(), 7), text);
        assertEquals(0, opened.get(), "locating a range reads nothing");
        SectionContent fields = SectionLocator.locate(List.of(), SectionKind.HEADER_FIELDS, List.of("Date"), structure, opener);
        assertInstanceOf(SectionContent.Bytes.class, fields);
        assertEquals(1, opened.get(), "HEADER.FIELDS reads the header once");
        fields.open(opener).close();
        assertEquals(1, opened.get());
        assertSame(SectionContent.EMPTY, SectionLocator.locate(List.of(9), SectionKind.WHOLE, List.of(), structure, opener));
        assertNull(SectionLocator.resolve(structure.root(), List.of(2, 3)));
    }
}
