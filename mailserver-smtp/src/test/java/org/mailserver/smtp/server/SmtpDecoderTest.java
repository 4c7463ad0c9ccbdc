package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailserver.core.transport.LineDecoder;

class SmtpDecoderTest {
    private final SmtpDecoder decoder = new SmtpDecoder(512);
    private final EmbeddedChannel ch = new EmbeddedChannel(decoder);

    /** What came out: lines as strings, data as one "DATA[...]" item per message, ends as "END" or "END-BARE". */
    private List<String> feed(byte[] input, int step) {
        for (int i = 0; i < input.length; i += step) {
            ch.writeInbound(Unpooled.wrappedBuffer(input, i, Math.min(step, input.length - i)));
        }
        return drain();
    }

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        ByteArrayOutputStream data = null;
        Object o;
        while ((o = ch.readInbound()) != null) {
            if (o instanceof DataChunk c) {
                if (data == null) {
                    data = new ByteArrayOutputStream();
                }
                data.writeBytes(ByteBufUtil.getBytes(c.content()));
                c.release();
                continue;
            }
            if (data != null) {
                out.add("DATA[" + data.toString(StandardCharsets.UTF_8) + "]");
                data = null;
            }
            if (o instanceof DataEnd e) {
                out.add(e.bareLineEnd() ? "END-BARE" : "END");
            } else if (o == LineDecoder.TOO_LONG) {
                out.add("TOO_LONG");
            } else {
                out.add((String) o);
            }
        }
        if (data != null) {
            out.add("DATA[" + data.toString(StandardCharsets.UTF_8) + "]");
        }
        return out;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void commandLinesWholeAndByteByByte() {
        byte[] in = b("LHLO client\r\nMAIL FROM:<>\r\nNOOP\n");
        assertEquals(List.of("LHLO client", "MAIL FROM:<>", "NOOP"), feed(in, in.length));
        assertEquals(List.of("LHLO client", "MAIL FROM:<>", "NOOP"), feed(in, 1));
    }

    @Test
    void overLongLineIsReportedOnceAndTheNextLineWorks() {
        String longLine = "NOOP " + "x".repeat(600) + "\r\n";
        assertEquals(List.of("TOO_LONG", "QUIT"), feed(b(longLine + "QUIT\r\n"), 10_000));
        assertEquals(List.of("TOO_LONG", "QUIT"), feed(b(longLine + "QUIT\r\n"), 1));
        assertEquals(List.of("TOO_LONG", "QUIT"), feed(b(longLine + "QUIT\r\n"), 7));
        // 510 octets of text + CRLF = 512: allowed (RFC 5321 4.5.3.1.4)
        String max = "x".repeat(510);
        assertEquals(List.of(max), feed(b(max + "\r\n"), 1));
    }

    @Test
    void dataIsUnstuffedAndEndsAtCrLfDotCrLf() {
        byte[] in = b("a\r\n..b\r\n.c\r\n\r\n.\r\nNOOP\r\n");
        List<String> expected = List.of("DATA[a\r\n.b\r\nc\r\n\r\n]", "END", "NOOP");
        decoder.startData();
        assertEquals(expected, feed(in, in.length));
        decoder.startData();
        assertEquals(expected, feed(in, 1));
        decoder.startData();
        assertEquals(expected, feed(in, 3));
    }

    @Test
    void endSplitAcrossReads() {
        decoder.startData();
        ch.writeInbound(Unpooled.wrappedBuffer(b("x\r")));
        ch.writeInbound(Unpooled.wrappedBuffer(b("\n.")));
        ch.writeInbound(Unpooled.wrappedBuffer(b("\r")));
        assertEquals(List.of("DATA[x\r\n]"), drain());
        ch.writeInbound(Unpooled.wrappedBuffer(b("\nQUIT\r\n")));
        assertEquals(List.of("END", "QUIT"), drain());
    }

    @Test
    void emptyMessage() {
        decoder.startData();
        assertEquals(List.of("END"), feed(b(".\r\n"), 1));
    }

    @Test
    void bareLfNeverEndsDataAndIsFlagged() {
        decoder.startData();
        // "\n.\n" and "\n.\r\n" are not the end (SMTP smuggling); only CRLF.CRLF is
        byte[] in = b("a\n.\nMAIL FROM:<evil@x>\n.\r\nRCPT TO:<v@y>\r\n.\r\nNOOP\r\n");
        assertEquals(List.of("DATA[a\n.\nMAIL FROM:<evil@x>\n.\r\nRCPT TO:<v@y>\r\n]", "END-BARE", "NOOP"),
                feed(in, 1));
    }

    @Test
    void bareCrIsFlagged() {
        decoder.startData();
        assertEquals(List.of("DATA[a\rb\r\n]", "END-BARE"), feed(b("a\rb\r\n.\r\n"), 2));
        decoder.startData();
        List<String> out = feed(b("x\r\n.\r.\r\n.\r\n"), 1);
        assertEquals("END-BARE", out.get(out.size() - 1));
    }

    @Test
    void eightBitAndUtf8AreExact() {
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.writeBytes(b("Subject: h\u00e9llo \u2713\r\n\r\n"));
        for (int i = 0; i < 256; i++) {
            if (i != '\r' && i != '\n') {
                msg.write(i);
            }
        }
        msg.writeBytes(b("\r\n"));
        byte[] body = msg.toByteArray();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(body);
        wire.writeBytes(b(".\r\n"));
        for (int step : new int[] {1, 5, 4096}) {
            decoder.startData();
            byte[] in = wire.toByteArray();
            for (int i = 0; i < in.length; i += step) {
                ch.writeInbound(Unpooled.wrappedBuffer(in, i, Math.min(step, in.length - i)));
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            Object o;
            boolean ended = false;
            while ((o = ch.readInbound()) != null) {
                if (o instanceof DataChunk c) {
                    got.writeBytes(ByteBufUtil.getBytes(c.content()));
                    c.release();
                } else {
                    ended = o instanceof DataEnd e && !e.bareLineEnd();
                }
            }
            assertTrue(ended);
            assertArrayEquals(body, got.toByteArray());
        }
    }

    @Test
    void pauseHoldsInputInOrderUntilResume() {
        decoder.pause();
        ch.writeInbound(Unpooled.wrappedBuffer(b("RCPT TO:<a@b>\r\nDATA\r\n")));
        assertNull(ch.readInbound());
        decoder.resume();
        assertEquals(List.of("RCPT TO:<a@b>", "DATA"), drain());
    }

    @Test
    void discardBufferedDropsPipelinedInput() {
        decoder.pause();
        ch.writeInbound(Unpooled.wrappedBuffer(b("STARTTLS\r\nMAIL FROM:<injected@x>\r\n")));
        decoder.discardBuffered();
        decoder.resume();
        assertEquals(List.of(), drain());
        assertFalse(ch.finish());
    }
}
