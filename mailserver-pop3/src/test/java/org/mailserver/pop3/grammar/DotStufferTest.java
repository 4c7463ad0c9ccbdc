package org.mailserver.pop3.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DotStufferTest {
    private static final String MESSAGE = "Subject: hi\r\nFrom: a@b\r\n\r\nline 1\r\n.line 2\r\n..\r\n.\r\nline 5\r\n";

    /** Feeds {@code input} in pieces of {@code step} bytes. */
    private static String run(DotStuffer s, String input, int step) throws Exception {
        byte[] in = input.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < in.length; i += step) {
            if (s.write(in, i, Math.min(step, in.length - i), out)) {
                break;
            }
        }
        s.finish(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final String STUFFED =
            "Subject: hi\r\nFrom: a@b\r\n\r\nline 1\r\n..line 2\r\n...\r\n..\r\nline 5\r\n.\r\n";

    @Test
    void stuffsWholeInput() throws Exception {
        assertEquals(STUFFED, run(new DotStuffer(), MESSAGE, Integer.MAX_VALUE));
    }

    @Test
    void stuffsOneByteAtATime() throws Exception {
        assertEquals(STUFFED, run(new DotStuffer(), MESSAGE, 1));
        assertEquals(STUFFED, run(new DotStuffer(), MESSAGE, 3));
    }

    @Test
    void terminatesAnUnterminatedLastLine() throws Exception {
        assertEquals("a\r\nb\r\n.\r\n", run(new DotStuffer(), "a\r\nb", 1));
        assertEquals("a\r\n.\r\n", run(new DotStuffer(), "a\r", 1));
        assertEquals(".\r\n", run(new DotStuffer(), "", 1));
    }

    @Test
    void bareLineFeedsBecomeCrlf() throws Exception {
        assertEquals("A: 1\r\n\r\n..x\r\n.\r\n", run(new DotStuffer(), "A: 1\n\n.x\n", 1));
    }

    @Test
    void topZeroSendsHeaderAndEmptyLine() throws Exception {
        assertEquals("Subject: hi\r\nFrom: a@b\r\n\r\n.\r\n", run(new DotStuffer(0), MESSAGE, 1));
        assertEquals("Subject: hi\r\nFrom: a@b\r\n\r\n.\r\n", run(new DotStuffer(0), MESSAGE, 1000));
    }

    @Test
    void topCountsBodyLines() throws Exception {
        assertEquals("Subject: hi\r\nFrom: a@b\r\n\r\nline 1\r\n..line 2\r\n.\r\n", run(new DotStuffer(2), MESSAGE, 1));
        assertEquals(STUFFED, run(new DotStuffer(100), MESSAGE, 7));
    }

    @Test
    void topOfAMessageWithoutBodyIsTheWholeHeader() throws Exception {
        assertEquals("A: 1\r\nB: 2\r\n.\r\n", run(new DotStuffer(0), "A: 1\r\nB: 2\r\n", 1));
    }

    @Test
    void ignoresInputAfterTopIsDone() throws Exception {
        DotStuffer s = new DotStuffer(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = "A: 1\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(s.write(in, 0, in.length, out));
        assertTrue(s.write(in, 0, in.length, out));
        assertEquals("A: 1\r\n\r\n", out.toString(StandardCharsets.US_ASCII));
    }
}
