package org.mailserver.imap.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Modified UTF-7 (RFC 3501 5.1.3). */
class ModifiedUtf7Test {

    @Test
    void rfc3501Example() {
        String unicode = "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e";
        assertEquals("~peter/mail/&U,BTFw-/&ZeVnLIqe-", ModifiedUtf7.encode(unicode));
        assertEquals(unicode, ModifiedUtf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-"));
    }

    @Test
    void knownForms() {
        assertEquals("&-", ModifiedUtf7.encode("&"));
        assertEquals("Tom &- Jerry", ModifiedUtf7.encode("Tom & Jerry"));
        assertEquals("Entw&APw-rfe", ModifiedUtf7.encode("Entwürfe"));
        assertEquals("&AOkA6QDp-", ModifiedUtf7.encode("ééé"));
        assertEquals("", ModifiedUtf7.encode(""));
        assertEquals("Tom & Jerry", ModifiedUtf7.decode("Tom &- Jerry"));
        assertEquals("&&", ModifiedUtf7.decode("&-&-"));
        assertEquals("\ud83d\ude00", ModifiedUtf7.decode(ModifiedUtf7.encode("\ud83d\ude00")));
    }

    @Test
    void roundTripsRandomText() {
        Random random = new Random(7);
        String alphabet = "aZ &-/.~,+\u00e9\u00fc\u4e2d\u0416\ud83d\ude00\u0000\u007f";
        for (int round = 0; round < 5000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                int at = random.nextInt(alphabet.length());
                char c = alphabet.charAt(at);
                if (Character.isHighSurrogate(c)) {
                    text.append(c).append(alphabet.charAt(at + 1));
                } else if (!Character.isLowSurrogate(c)) {
                    text.append(c);
                }
            }
            String encoded = ModifiedUtf7.encode(text.toString());
            assertTrue(ModifiedUtf7.isValid(encoded), encoded);
            assertEquals(text.toString(), ModifiedUtf7.decode(encoded));
            for (char c : encoded.toCharArray()) {
                assertTrue(c >= 0x20 && c <= 0x7e, encoded);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "&AGE-",            // 'a' shifted: printable ASCII must stand for itself
        "&ACY-",            // '&' shifted instead of "&-"
        "&U,BTFw",          // shift without its '-'
        "a&b",              // '&' alone
        "&U,B!Fw-",         // not BASE64
        "&U/BTFw-",         // '/' is not modified BASE64 (',' is)
        "&AOl-",            // left-over bits not zero
        "&AOkA-",           // a whole BASE64 character left over
        "&AO-",             // not a whole UTF-16 unit
        "&AOk-&AOk-",       // two shifts in a row: the canonical form is one
        "&2D0-",            // a lone high surrogate
        "&3gA-",            // a lone low surrogate
        "caf\u00e9",        // 8-bit
        "tab\there",        // control character
        "new\nline",
        "del\u007f"
    })
    void refusesWhatIsNotCanonical(String name) {
        assertFalse(ModifiedUtf7.isValid(name), name);
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode(name));
    }

    @Test
    void acceptsCanonicalForms() {
        for (String name : new String[] {"", "INBOX", "&-", "a&-b", "&AOkA6QDp-", "&2D3eAA-", "Entw&APw-rfe/2026",
            "&AAA-"}) {
            assertTrue(ModifiedUtf7.isValid(name), name);
            assertEquals(name, ModifiedUtf7.encode(ModifiedUtf7.decode(name)));
        }
    }
}
