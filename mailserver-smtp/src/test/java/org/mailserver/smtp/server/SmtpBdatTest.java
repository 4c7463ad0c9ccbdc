package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** BDAT / CHUNKING (RFC 3030) transcripts over a real socket. */
class SmtpBdatTest extends SmtpTestBase {

    private Client ready() throws Exception {
        Client c = connect(SmtpRole.MX);
        c.transcript("C: EHLO client.example");
        c.transcript(EHLO_PLAIN);
        return c;
    }

    @Test
    void chunksSentOneByteAtATime() throws Exception {
        String message = "Subject: chunked\r\n\r\n.leading dot stays\r\nbare\nLF kept as sent\r\n";
        try (Client c = ready()) {
            c.transcript("C: MAIL FROM:<a@remote.test> BODY=BINARYMIME", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 <bob@example.test> Ok");
            String first = message.substring(0, 20);
            String rest = message.substring(20);
            for (char ch : ("BDAT " + first.length() + "\r\n" + first).toCharArray()) {
                c.send(String.valueOf(ch));
            }
            c.transcript("S: 250 2.0.0 20 octets received");
            for (char ch : ("BDAT " + rest.length() + " LAST\r\n" + rest).toCharArray()) {
                c.send(String.valueOf(ch));
            }
            c.transcript("S: 250 2.0.0 Ok: queued as ...", "C: QUIT", "S: 221 2.0.0 Bye");
        }
        String copy = text(store.of("bob").get(0));
        assertTrue(copy.endsWith("\r\n" + message), copy); // no unstuffing, no line-end rewriting
    }

    @Test
    void emptyLastChunkEndsTheMessage() throws Exception {
        try (Client c = ready()) {
            c.transcript("C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 <bob@example.test> Ok");
            c.send("BDAT 7\r\nSubject");
            c.transcript("S: 250 2.0.0 7 octets received");
            c.send("BDAT 0 LAST\r\n");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
        }
        assertTrue(text(store.of("bob").get(0)).endsWith("\r\nSubject"));
    }

    @Test
    void refusedBdatStillConsumesItsOctets() throws Exception {
        try (Client c = ready()) {
            // the octets look like commands: they must be read as data and dropped, never executed
            String looksLikeACommand = "RCPT TO:<x@remote.test>\r\n";
            c.send("BDAT " + looksLikeACommand.length() + "\r\n" + looksLikeACommand);
            c.transcript("S: 503 5.5.1 Bad sequence of commands: need MAIL first");
            c.transcript("C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok");
            c.send("BDAT 6 LAST\r\nNOOP\r\n");
            c.transcript("S: 554 5.5.1 No valid recipients", "C: NOOP", "S: 250 2.0.0 Ok");
        }
        assertTrue(store.copies.isEmpty());
    }

    @Test
    void dataAndBdatAreNotMixed() throws Exception {
        try (Client c = ready()) {
            c.transcript("C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 <bob@example.test> Ok");
            c.send("BDAT 3\r\nabc");
            c.transcript("S: 250 2.0.0 3 octets received",
                    "C: DATA", "S: 503 5.5.1 Bad sequence of commands: use BDAT",
                    "C: BDAT 5 FIRST", "S: 501 5.5.4 Syntax: BDAT size [LAST]",
                    "C: RSET", "S: 250 2.0.0 Ok",
                    "C: MAIL FROM:<a@remote.test> BODY=BINARYMIME", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 <bob@example.test> Ok",
                    "C: DATA", "S: 503 5.5.1 Bad sequence of commands: use BDAT");
        }
        assertTrue(store.copies.isEmpty());
    }

    @Test
    void chunkOverTheLimitEndsTheTransaction() throws Exception {
        SmtpServerConfig small = new SmtpServerConfig(Dialect.ESMTP, 10, 100, 10, spool.resolve("spool"), 4)
                .withStateDir(spool.resolve("state"));
        try (Client c = connect(SmtpRole.MX, small)) {
            c.transcript("C: HELO client.example", "S: 250 mx.example.test",
                    "C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 <bob@example.test> Ok");
            c.send("BDAT 8\r\n12345678BDAT 8\r\n12345678BDAT 1 LAST\r\nx");
            c.transcript("S: 250 2.0.0 8 octets received", "S: 552 5.3.4 Message size exceeds fixed limit",
                    "S: 503 5.5.1 Bad sequence of commands: need MAIL first", "C: NOOP", "S: 250 2.0.0 Ok");
        }
        assertEquals(0, store.copies.size());
    }
}
