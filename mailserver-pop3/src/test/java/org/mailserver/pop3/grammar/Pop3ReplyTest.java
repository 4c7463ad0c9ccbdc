package org.mailserver.pop3.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class Pop3ReplyTest {

    @Test
    void singleLineReplies() {
        assertEquals("+OK 2 320\r\n", Pop3Reply.ok("2 320").encode());
        assertEquals("+OK\r\n", Pop3Reply.ok("").encode());
        assertEquals("-ERR no such message\r\n", Pop3Reply.err("no such message").encode());
    }

    @Test
    void responseCodesInBrackets() {
        assertEquals("-ERR [IN-USE] locked\r\n", Pop3Reply.err(ResponseCode.IN_USE, "locked").encode());
        assertEquals("-ERR [SYS/TEMP] later\r\n", Pop3Reply.err(ResponseCode.SYS_TEMP, "later").encode());
        assertEquals("-ERR [AUTH] failed\r\n", Pop3Reply.err(ResponseCode.AUTH, "failed").encode());
    }

    @Test
    void continuationKeepsTheSpaceEvenWhenEmpty() {
        assertEquals("+ \r\n", Pop3Reply.challenge("").encode());
        assertEquals("+ VXNlcm5hbWU6\r\n", Pop3Reply.challenge("VXNlcm5hbWU6").encode());
    }

    @Test
    void multiLineRepliesAreStuffedAndTerminated() {
        assertEquals("+OK list\r\n1 120\r\n..hidden\r\n.\r\n",
                Pop3Reply.ok("list", List.of("1 120", ".hidden")).encode());
        assertEquals("+OK empty\r\n.\r\n", Pop3Reply.ok("empty", List.of()).encode());
    }
}
