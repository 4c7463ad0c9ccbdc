package org.mailserver.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offsets, header values and the odd corners of {@link MessageStructure#parse}. */
class MessageStructureTest {

    static MessageStructure parse(String text) throws IOException {
        return MessageStructure.parse(new ByteArrayInputStream(crlf(text)));
    }

    static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static String slice(String text, long start, long end) {
        byte[] octets = crlf(text);
        return new String(octets, (int) start, (int) (end - start), StandardCharsets.UTF_8);
    }

    @Test
    void offsetsOfAMultipart() throws Exception {
        String text = """
                Subject: s
                Content-Type: multipart/mixed; boundary=b

                preamble
                --b
                Content-Type: text/plain

                one
                two
                --b

                three
                --b--
                epilogue
                """;
        MessageStructure s = parse(text);
        MimePart root = s.root();
        assertEquals(0, root.headerStart());
        assertEquals("Subject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n",
                slice(text, root.headerStart(), root.bodyStart()));
        assertEquals(crlf(text).length, root.end());
        assertEquals(2, root.children().size());
        MimePart first = root.children().get(0);
        assertEquals("Content-Type: text/plain\r\n\r\n", slice(text, first.headerStart(), first.bodyStart()));
        assertEquals("one\r\ntwo", slice(text, first.bodyStart(), first.end()), "the CRLF before --b is the boundary's");
        assertEquals(1, first.lines());
        MimePart second = root.children().get(1);
        assertEquals("\r\n", slice(text, second.headerStart(), second.bodyStart()), "an empty MIME header");
        assertEquals("three", slice(text, second.bodyStart(), second.end()));
        assertEquals("text", second.type());
        assertEquals("plain", second.subtype());
        assertNull(second.envelope(), "parts of a multipart have no envelope");
    }

    @Test
    void bareLineFeedsAreLineEnds() throws Exception {
        String text = "Subject: lf\nContent-Type: multipart/mixed; boundary=x\n\n--x\n\nbody\n--x--\n";
        MessageStructure s = MessageStructure.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
        MimePart part = s.root().children().get(0);
        assertEquals("body", text.substring((int) part.bodyStart(), (int) part.end()));
        assertEquals("lf", s.envelope().subject());
    }

    @Test
    void rfc2231ParametersAreJoinedAndDecoded() throws Exception {
        MessageStructure s = parse("""
                Content-Type: application/x-stuff;
                 title*0*=us-ascii'en'This%20is%20even%20more%20;
                 title*1*=%2A%2A%2Afun%2A%2A%2A%20;
                 title*2="isn't it!"; other=plain
                Content-Disposition: attachment; filename*1="name.txt"; filename*0="long-file-";
                 size=3

                abc""");
        MimePart root = s.root();
        assertEquals(List.of(new MimeParameter("title", "This is even more ***fun*** isn't it!", "us-ascii", "en"),
                new MimeParameter("other", "plain")), root.parameters());
        assertEquals("This is even more ***fun*** isn't it!", root.parameter("TITLE"));
        assertEquals(new ContentDisposition("attachment", List.of(new MimeParameter("filename", "long-file-name.txt"),
                new MimeParameter("size", "3"))), root.disposition());
    }

    @Test
    void rfc2231CharsetsAreDecoded() throws Exception {
        MessageStructure s = parse("""
                Content-Type: text/plain; name*=iso-8859-1'de'Gr%FC%DFe.txt; x*=unknown-cs''%E2%82%AC
                Content-Disposition: attachment; filename*=utf-8''%E2%82%AC%20rates.txt

                """);
        assertEquals("Grüße.txt", s.root().parameter("name"));
        assertEquals("de", s.root().parameters().get(0).language());
        assertEquals("€", s.root().parameter("x"), "an unknown charset is read as UTF-8 when valid");
        assertEquals("€ rates.txt", s.root().disposition().parameters().get(0).value());
    }

    @Test
    void headerValuesAreRawAndUnfolded() throws Exception {
        MessageStructure s = parse("""
                Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=
                 again
                From: "Doe, John" <john@example.com>, Mary <@a,@b:mary@example.com>
                To: team: ann@example.com, bob@example.com;
                Content-Type: TEXT/Plain; CharSet="UTF-8" (comment)
                Content-Transfer-Encoding: Quoted-Printable
                Content-ID:   <id@x>  
                Content-Language: en (English), de

                """);
        Envelope e = s.envelope();
        assertEquals("=?utf-8?q?Gr=C3=BC=C3=9Fe?= again", e.subject(), "RFC 2047 words are not decoded");
        assertEquals(List.of(new EnvelopeAddress("Doe, John", null, "john", "example.com"),
                new EnvelopeAddress("Mary", "@a,@b", "mary", "example.com")), e.from());
        assertEquals(e.from(), e.sender());
        assertEquals(e.from(), e.replyTo());
        assertEquals(List.of(EnvelopeAddress.groupStart("team"), new EnvelopeAddress(null, null, "ann", "example.com"),
                new EnvelopeAddress(null, null, "bob", "example.com"), EnvelopeAddress.groupEnd()), e.to());
        assertTrue(e.to().get(0).isGroupStart());
        assertTrue(e.to().get(3).isGroupEnd());
        MimePart root = s.root();
        assertEquals("text/plain", root.mimeType());
        assertEquals(List.of(new MimeParameter("CharSet", "UTF-8")), root.parameters());
        assertEquals("quoted-printable", root.encoding());
        assertEquals("<id@x>", root.contentId());
        assertEquals(List.of("en", "de"), root.languages());
    }

    @Test
    void eightBitHeadersAreReadAsUtf8WhenValid() throws Exception {
        byte[] utf8 = "Subject: Grüße\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("Grüße", MessageStructure.parse(new ByteArrayInputStream(utf8)).envelope().subject());
        byte[] latin1 = "Subject: Grüße\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("Grüße", MessageStructure.parse(new ByteArrayInputStream(latin1)).envelope().subject(),
                "not valid UTF-8: one char per octet");
    }

    @Test
    void invalidOrMissingFieldsGetTheDefaults() throws Exception {
        MimePart root = parse("""
                Content-Type: garbage
                Content-Transfer-Encoding: ?invalid

                x""").root();
        assertEquals("text/plain", root.mimeType(), "RFC 2045 5.2");
        assertNull(root.encoding());
        MimePart none = parse("").root();
        assertEquals("text/plain", none.mimeType());
        assertEquals(Envelope.EMPTY, none.envelope());
        assertEquals(0, none.end());
    }

    @Test
    void aHeaderWithoutItsEmptyLineEndsAtTheBoundary() throws Exception {
        String text = """
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: message/rfc822
                --b
                Content-Type: text/plain

                ok
                --b--
                """;
        MimePart root = parse(text).root();
        assertEquals(2, root.children().size());
        MimePart cut = root.children().get(0);
        assertEquals("Content-Type: message/rfc822", slice(text, cut.headerStart(), cut.bodyStart()));
        assertEquals(0, cut.bodySize());
        assertTrue(cut.isMessage(), "a message/rfc822 part always has a message, if an empty one");
        assertEquals(Envelope.EMPTY, cut.message().envelope());
        assertEquals("ok", slice(text, root.children().get(1).bodyStart(), root.children().get(1).end()));
    }

    @Test
    void theLongestAndInnermostBoundaryWins() throws Exception {
        String text = """
                Content-Type: multipart/mixed; boundary=ab

                --ab
                Content-Type: multipart/mixed; boundary=abc

                --abc
                
                inner
                --abc--
                --ab--
                """;
        MimePart root = parse(text).root();
        MimePart inner = root.children().get(0);
        assertEquals(1, inner.children().size());
        assertEquals("inner", slice(text, inner.children().get(0).bodyStart(), inner.children().get(0).end()));
    }

    @Test
    void estimatedBytesGrowsWithTheStructure() throws Exception {
        int small = parse("Subject: x\n\nbody\n").estimatedBytes();
        StringBuilder big = new StringBuilder("Content-Type: multipart/mixed; boundary=b\n\n");
        for (int i = 0; i < 100; i++) {
            big.append("--b\nContent-Type: text/plain; charset=utf-8\n\npart ").append(i).append('\n');
        }
        int large = parse(big + "--b--\n").estimatedBytes();
        assertTrue(small > 100 && small < 2000, "small: " + small);
        assertTrue(large > 50 * small / 10 && large < 100 * 1000, "large: " + large);
    }
}
