package org.mailserver.imap.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SearchCharsetsTest {

    @Test
    void utf8AndUsAsciiAreSupported() {
        assertTrue(SearchCharsets.isSupported(null));
        for (String name : new String[] {"UTF-8", "utf-8", "utf8", "US-ASCII", "us-ascii", "ASCII"}) {
            assertTrue(SearchCharsets.isSupported(name), name);
        }
        assertEquals("UTF-8", SearchCharsets.canonical("utf8"));
        assertEquals("US-ASCII", SearchCharsets.canonical(null));
        assertEquals("US-ASCII", SearchCharsets.canonical("ascii"));
    }

    @Test
    void otherCharsetsJavaKnowsAreSupportedToo() {
        assertEquals("ISO-8859-1", SearchCharsets.canonical("latin1"));
        assertTrue(SearchCharsets.isSupported("KOI8-R"));
    }

    @Test
    void unknownOnesAreRefusedWithTheCharsetsEveryClientCanUse() {
        for (String name : new String[] {"x-unknown-charset", "", "not a name", "UTF-9"}) {
            assertFalse(SearchCharsets.isSupported(name), name);
            assertNull(SearchCharsets.canonical(name));
        }
        assertEquals("BADCHARSET (UTF-8 US-ASCII)", SearchCharsets.BADCHARSET); // RFC 3501 7.1
        assertThrows(IllegalArgumentException.class, () -> SearchCharsets.decode(new byte[0], "x-unknown-charset"));
    }

    @Test
    void decodesSearchStrings() throws Exception {
        byte[] koeln = "Köln".getBytes(StandardCharsets.UTF_8);
        assertEquals("Köln", SearchCharsets.decode(koeln, "UTF-8"));
        assertEquals("Köln", SearchCharsets.decode(koeln, "US-ASCII"), "8-bit under US-ASCII is read as UTF-8");
        assertEquals("Köln", SearchCharsets.decode("Köln".getBytes(StandardCharsets.ISO_8859_1), "ISO-8859-1"));
        assertThrows(CharacterCodingException.class, () -> SearchCharsets.decode(new byte[] {(byte) 0xff}, "UTF-8"));
    }
}
