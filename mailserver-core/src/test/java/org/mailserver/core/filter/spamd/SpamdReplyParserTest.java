package org.mailserver.core.filter.spamd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpamdReplyParserTest {

    private static SpamdReply parse(String s) throws SpamdException {
        return SpamdReplyParser.parse(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void symbolsReplyAsSpamdWritesIt() throws Exception {
        // captured from spamd 4.0.1 for GTUBE
        SpamdReply r = parse("SPAMD/1.1 0 EX_OK\r\nContent-length: 74\r\nSpam: True ; 1001.1 / 5.0\r\n\r\n"
                + "DKIM_ADSP_NXDOMAIN,GTUBE,MSGID_SHORT,NO_RECEIVED,NO_RELAYS,TVD_SPACE_RATIO");
        assertTrue(r.spam());
        assertEquals(1001.1, r.score());
        assertEquals(5.0, r.threshold());
        assertEquals(List.of("DKIM_ADSP_NXDOMAIN", "GTUBE", "MSGID_SHORT", "NO_RECEIVED", "NO_RELAYS", "TVD_SPACE_RATIO"),
                r.symbols());
    }

    @Test
    void checkReplyWithoutBodyAndNegativeScore() throws Exception {
        SpamdReply r = parse("SPAMD/1.1 0 EX_OK\r\nSpam: False ; -1.9 / 5.0\r\n\r\n");
        assertFalse(r.spam());
        assertEquals(-1.9, r.score());
        assertEquals(List.of(), r.symbols());
    }

    @Test
    void headerNamesAreCaseInsensitiveAndOrderFree() throws Exception {
        SpamdReply r = parse("SPAMD/1.5 0 EX_OK\r\nspam: yes ; 7 / 5\r\ncontent-length: 6\r\n\r\nGTUBE\n");
        assertTrue(r.spam());
        assertEquals(7.0, r.score());
        assertEquals(List.of("GTUBE"), r.symbols());
    }

    @Test
    void errorStatusIsAnError() {
        SpamdException e = assertThrows(SpamdException.class,
                () -> parse("SPAMD/1.0 76 Bad header line: (Content-Length mismatch: Expected 10 bytes, got 5 bytes)\r\n\r\n"));
        assertTrue(e.getMessage().contains("76"), e.getMessage());
    }

    @Test
    void malformedRepliesAreErrors() {
        assertThrows(SpamdException.class, () -> parse(""));
        assertThrows(SpamdException.class, () -> parse("HTTP/1.1 200 OK\r\n\r\n"));
        assertThrows(SpamdException.class, () -> parse("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 15.3 / 5.0\r\n")); // truncated
        assertThrows(SpamdException.class, () -> parse("SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\n\r\n")); // no Spam:
        assertThrows(SpamdException.class, () -> parse("SPAMD/1.1 0 EX_OK\r\nSpam: True ; lots / 5.0\r\n\r\n"));
        assertThrows(SpamdException.class, () -> parse("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 15.3 / 5.0\r\nbroken\r\n\r\n"));
        assertThrows(SpamdException.class,
                () -> parse("SPAMD/1.1 0 EX_OK\r\nContent-length: 99\r\nSpam: True ; 15.3 / 5.0\r\n\r\nGTUBE"));
        assertThrows(SpamdException.class,
                () -> parse("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 15.3 / 5.0\r\n\r\nGTUBE,<script>"));
    }
}
