package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mailserver.core.delivery.MessageSource;

/** The header read for auto-replies: only the header, and never more than {@link HeaderSnapshot#MAX_HEADER} octets of it. */
class HeaderSnapshotTest {

    /** A message of {@code size} octets made on the fly: {@code head}, then one endless folded field, counting what is read. */
    private static final class Endless implements MessageSource {
        final byte[] head;
        final long size;
        long read;

        Endless(String head, long size) {
            this.head = head.getBytes(StandardCharsets.US_ASCII);
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public InputStream open() {
            return new InputStream() {
                @Override
                public int read() {
                    if (read >= size) {
                        return -1;
                    }
                    long i = read++;
                    if (i < head.length) {
                        return head[(int) i];
                    }
                    long j = (i - head.length) % 80; // "\r\n " + 77 x "a": a folded line of one field
                    return j == 0 ? '\r' : j == 1 ? '\n' : j == 2 ? ' ' : 'a';
                }
            };
        }
    }

    @Test
    void aHugeFoldedFieldIsNotReadWhole() {
        Endless m = new Endless("Subject: x\r\nX-Long: a", 32L * 1024 * 1024);
        IOException e = assertThrows(IOException.class, () -> HeaderSnapshot.read(m));
        assertTrue(e.getMessage().contains("header longer than"), e.getMessage());
        assertTrue(m.read <= HeaderSnapshot.MAX_HEADER + 1, "read " + m.read + " octets");
    }

    @Test
    void theBodyIsNotReadAndFieldsAreUnfolded() throws IOException {
        String header = "Subject: hello\r\n there\r\nList-Id: <l.example>\r\n\r\n";
        Endless m = new Endless(header + "body", 64L * 1024 * 1024);
        HeaderSnapshot h = HeaderSnapshot.read(m);
        assertEquals("hello there", h.get("subject"));
        assertEquals("<l.example>", h.get("List-Id"));
        assertNull(h.get("X-Long"));
        assertTrue(m.read < HeaderSnapshot.MAX_HEADER, "read " + m.read + " octets");
    }

    @Test
    void aMessageWithoutBodyOrWithBareLineEnds() throws IOException {
        assertEquals("a", HeaderSnapshot.read(new BytesMessage("Subject: a\r\n".getBytes(StandardCharsets.US_ASCII)))
                .get("Subject"));
        HeaderSnapshot h = HeaderSnapshot.read(new BytesMessage("Subject: b\n\nPrecedence: bulk\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("b", h.get("Subject"));
        assertNull(h.get("Precedence"), "a field of the body");
    }
}
