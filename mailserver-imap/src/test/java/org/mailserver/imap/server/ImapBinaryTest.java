package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mailserver.core.testing.TestLdif;

/** FETCH BINARY and BINARY.SIZE (RFC 3516): parts decoded from base64 and quoted-printable. */
class ImapBinaryTest extends ImapServerTestBase {

    private static String message(String attachmentBase64) {
        return "Subject: binary\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "caf=C3=A9 soft=\r\nbreak\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + attachmentBase64
                + "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 x\r\n"
                + "--b--\r\n";
    }

    private static String wrap(byte[] data) {
        return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(data) + "\r\n";
    }

    @Test
    void decodesBase64AndQuotedPrintableParts() throws Exception {
        byte[] bytes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        deliver("alice", message(wrap(bytes)));
        ImapLineClient c = select("alice", "INBOX");
        assertTrue(c.command("c", "CAPABILITY").get(0).contains(" BINARY"));

        List<String> sizes = c.command("a", "FETCH 1 (BINARY.SIZE[1] BINARY.SIZE[2])");
        // The CRLF before a boundary belongs to the boundary (RFC 2046 5.1.1); "=\r\n" is a soft break.
        assertEquals("* 1 FETCH (BINARY.SIZE[1] 15 BINARY.SIZE[2] 10)", sizes.get(0));

        List<String> text = c.command("b", "FETCH 1 (BINARY.PEEK[1])");
        assertEquals("* 1 FETCH (BINARY[1] ~{15}\r\ncafé softbreak)", text.get(0));

        List<String> partial = c.command("p", "FETCH 1 (BINARY.PEEK[1]<1.3>)");
        assertTrue(partial.get(0).startsWith("* 1 FETCH (BINARY[1]<1> ~{3}\r\naf"), partial.get(0));

        List<String> unknown = c.command("u", "FETCH 1 (BINARY.PEEK[3])");
        assertTrue(unknown.get(unknown.size() - 1).startsWith("u NO [UNKNOWN-CTE]"), unknown.toString());

        List<String> flags = c.command("f", "FETCH 1 (FLAGS)");
        assertTrue(!flags.get(0).contains("\\Seen"), "PEEK does not set \\Seen: " + flags);
        List<String> seen = c.command("s", "FETCH 1 (BINARY.SIZE[2] BINARY[2]<0.2>)");
        assertTrue(seen.get(0).contains("FLAGS (\\Seen"), "BINARY sets \\Seen: " + seen);
    }

    @Test
    void aLargePartIsDecodedStreaming() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(big);
        deliver("alice", message(wrap(big)));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            line(in);
            out.write(("a LOGIN alice " + TestLdif.PASSWORDS.get("alice") + "\r\nb SELECT INBOX\r\n"
                    + "c FETCH 1 (BINARY.PEEK[2])\r\n").getBytes(StandardCharsets.US_ASCII));
            String l;
            while (!(l = line(in)).startsWith("* 1 FETCH")) {
                assertTrue(!l.startsWith("c "), l);
            }
            assertEquals("* 1 FETCH (BINARY[2] ~{" + big.length + "}", l);
            assertArrayEquals(big, in.readNBytes(big.length));
            assertEquals(")", line(in));
            assertTrue(line(in).startsWith("c OK"));
        }
    }

    private static String line(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
