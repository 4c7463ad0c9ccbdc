package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.mailserver.core.testing.TestLdif;

/** COMPRESS=DEFLATE (RFC 4978) with the JDK's own raw DEFLATE on the client side. */
class ImapCompressTest extends ImapServerTestBase {

    @Test
    void commandsAndResponsesAreDeflatedAfterTheOk() throws Exception {
        deliver("alice", "Subject: squeezed\r\n\r\n" + "the same line again\r\n".repeat(200));
        ImapLineClient c = login("alice");
        assertTrue(c.command("c", "CAPABILITY").get(0).contains(" COMPRESS=DEFLATE"));
        c.close();

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            readLine(in);
            out.write(("a LOGIN alice " + TestLdif.PASSWORDS.get("alice") + "\r\nb COMPRESS DEFLATE\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(readLine(in).startsWith("a OK"));
            assertEquals("b OK DEFLATE active", readLine(in), "the OK itself is not compressed");

            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            Inflater inflater = new Inflater(true);
            send(out, deflater, "c SELECT INBOX\r\nd FETCH 1 BODY[]\r\ne COMPRESS DEFLATE\r\n");
            String text = receiveUntil(in, inflater, "e ");
            assertTrue(text.contains("c OK [READ-WRITE]"), text);
            assertTrue(text.contains("the same line again\r\n".repeat(200)), text);
            assertTrue(text.contains("e NO [COMPRESSIONACTIVE]"), text);
        }
    }

    private static void send(OutputStream out, Deflater deflater, String text) throws Exception {
        deflater.setInput(text.getBytes(StandardCharsets.US_ASCII));
        byte[] buf = new byte[8192];
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buf, 0, n);
        }
        out.flush();
    }

    private static String receiveUntil(InputStream in, Inflater inflater, String tag) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        byte[] raw = new byte[8192];
        byte[] plain = new byte[65536];
        while (!text.toString(StandardCharsets.UTF_8).contains("\r\n" + tag)) {
            int n = in.read(raw);
            assertTrue(n > 0, "connection closed: " + text);
            inflater.setInput(raw, 0, n);
            int m;
            while ((m = inflater.inflate(plain)) > 0) {
                text.write(plain, 0, m);
            }
        }
        String all = text.toString(StandardCharsets.UTF_8);
        int end = all.indexOf("\r\n", all.indexOf("\r\n" + tag) + 2);
        while (end < 0) {
            int n = in.read(raw);
            inflater.setInput(raw, 0, n);
            int m;
            while ((m = inflater.inflate(plain)) > 0) {
                text.write(plain, 0, m);
            }
            all = text.toString(StandardCharsets.UTF_8);
            end = all.indexOf("\r\n", all.indexOf("\r\n" + tag) + 2);
        }
        return all;
    }

    private static String readLine(InputStream in) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
