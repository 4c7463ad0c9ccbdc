package org.mailserver.imap.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Response string encodings, and that what they produce parses back to the same value. */
class ImapStringsTest {

    @Test
    void quoted() {
        assertEquals("\"\"", ImapStrings.quoted(""));
        assertEquals("\"a \\\"b\\\" \\\\ c\"", ImapStrings.quoted("a \"b\" \\ c"));
        assertNull(ImapStrings.quoted("a\r\nb"));
        assertNull(ImapStrings.quoted("nul\0"));
        assertNull(ImapStrings.quoted("caf\u00e9"));
    }

    @Test
    void stringPicksQuotedOrLiteral() {
        assertEquals("\"Sent Items\"", ImapStrings.string("Sent Items"));
        assertEquals("{5}\r\ncaf\u00e9", ImapStrings.string("caf\u00e9"));
        assertEquals("{4}\r\na\r\nb", ImapStrings.string("a\r\nb"));
        assertEquals("NIL", ImapStrings.nstring(null));
        assertEquals("\"x\"", ImapStrings.nstring("x"));
    }

    @Test
    void astringIsAnAtomWhenItCanBe() {
        assertEquals("INBOX", ImapStrings.astring("INBOX"));
        assertEquals("Archive/2024]", ImapStrings.astring("Archive/2024]"));
        assertEquals("\"\"", ImapStrings.astring(""));
        assertEquals("\"NIL\"", ImapStrings.astring("NIL"));
        assertEquals("\"a b\"", ImapStrings.astring("a b"));
        assertEquals("\"50%\"", ImapStrings.astring("50%"));
        assertEquals("\"(x)\"", ImapStrings.astring("(x)"));
        assertEquals("{7}\r\nB\u00fccher", ImapStrings.astring("B\u00fccher"));
    }

    @Test
    void roundTrip() throws Exception {
        for (String name : List.of("INBOX", "", "a b", "q\"uo\\te", "caf\u00e9", "50%", "x]", "NIL", "{5}", "a\r\nb")) {
            ImapCommand c = ImapParserTest.parse("t DELETE " + ImapStrings.astring(name));
            assertEquals(new ImapCommand.Delete("t", name), c, name);
        }
    }
}
