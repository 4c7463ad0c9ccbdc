package org.mailserver.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DotStufferTest {

    private static String stuff(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffer.copy(in, out, () -> { });
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Hands out one byte per read, so every state crosses a block boundary. */
    private static InputStream trickle(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            int i;

            @Override
            public int read() {
                return i < b.length ? b[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (i >= b.length) {
                    return -1;
                }
                buf[off] = b[i++];
                return 1;
            }
        };
    }

    @Test
    void wholeAndByteAtATimeGiveTheSameStream() throws IOException {
        String in = ".first\r\nmid.dle\r\n..two\r\nbare\nlf\rcr\r\n.\r\nend";
        String expected = "..first\r\nmid.dle\r\n...two\r\nbare\r\nlf\r\ncr\r\n..\r\nend\r\n.\r\n";
        assertEquals(expected, stuff(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8))));
        assertEquals(expected, stuff(trickle(in)));
    }

    @Test
    void emptyMessageAndTrailingCr() throws IOException {
        assertEquals(".\r\n", stuff(new ByteArrayInputStream(new byte[0])));
        assertEquals("x\r\n.\r\n", stuff(trickle("x\r")));
    }

    @Test
    void largeInputIsWrittenInBlocks() throws IOException {
        byte[] big = ("." + "a".repeat(1000) + "\r\n").repeat(200).getBytes(StandardCharsets.US_ASCII);
        AtomicInteger blocks = new AtomicInteger();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffer.copy(new ByteArrayInputStream(big), out, blocks::incrementAndGet);
        assertEquals(big.length + 200 + 3, out.size());
        assertEquals((big.length + DotStuffer.BLOCK - 1) / DotStuffer.BLOCK, blocks.get());
    }
}
