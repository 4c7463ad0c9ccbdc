package org.mailserver.imap.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailserver.store.mime.Envelope;
import org.mailserver.store.mime.EnvelopeAddress;
import org.mailserver.store.mime.MessageStructure;
import org.mailserver.store.mime.MimeParameter;

/** Quoting, literals and the corners of ENVELOPE, BODYSTRUCTURE and INTERNALDATE. */
class EncoderTest {

    @Test
    void eightBitHeaderValuesBecomeLiterals() throws Exception {
        byte[] message = "Subject: Grüße\r\nFrom: Jörg <j@example.de>\r\n\r\nx".getBytes(StandardCharsets.UTF_8);
        Envelope e = MessageStructure.parse(new ByteArrayInputStream(message)).envelope();
        String jorg = "(({5}\r\nJörg NIL \"j\" \"example.de\"))";
        assertEquals("(NIL {7}\r\nGrüße " + jorg + " " + jorg + " " + jorg + " NIL NIL NIL NIL NIL)",
                EnvelopeEncoder.encode(e), "literal lengths count UTF-8 octets");
    }

    @Test
    void quotesAndBackslashesAreEscapedAndNulsDropped() {
        Envelope e = new Envelope("d", "a \"quoted\" \\ word\0", List.of(new EnvelopeAddress("x\ry", null, "m", "h")),
                List.of(), List.of(), List.of(), List.of(), List.of(), "", null);
        String x = "(({3}\r\nx\ry NIL \"m\" \"h\"))";
        assertEquals("(\"d\" \"a \\\"quoted\\\" \\\\ word\" " + x + " " + x + " " + x + " NIL NIL NIL \"\" NIL)",
                EnvelopeEncoder.encode(e));
    }

    @Test
    void extendedParametersAreWrittenBackInRfc2231Form() {
        assertEquals("utf-8'en'%E2%82%AC%20%2A%27%25.txt",
                BodyStructureEncoder.extendedValue(new MimeParameter("name", "€ *'%.txt", "utf-8", "en")));
        assertEquals("iso-8859-1''Gr%FC%DFe", BodyStructureEncoder.extendedValue(
                new MimeParameter("name", "Grüße", "iso-8859-1", null)), "in its own charset");
        assertEquals("utf-8''%E2%82%AC", BodyStructureEncoder.extendedValue(
                new MimeParameter("name", "€", "iso-8859-1", null)), "the charset cannot hold it: UTF-8");
        assertEquals("utf-8''abc", BodyStructureEncoder.extendedValue(new MimeParameter("name", "abc", "x-unknown", null)));
    }

    @Test
    void internalDates() {
        Instant t = Instant.parse("2007-02-01T01:02:03Z");
        assertEquals("\"01-Feb-2007 01:02:03 +0000\"", InternalDates.format(t));
        assertEquals("\"01-Feb-2007 02:02:03 +0100\"", InternalDates.format(t, ZoneId.of("Europe/Berlin")));
        assertEquals("\"31-Jan-2007 20:02:03 -0500\"", InternalDates.format(t, ZoneId.of("America/New_York")));
        assertEquals("\"01-Feb-2007 06:32:03 +0530\"", InternalDates.format(t, ZoneId.of("Asia/Kolkata")));
    }
}
