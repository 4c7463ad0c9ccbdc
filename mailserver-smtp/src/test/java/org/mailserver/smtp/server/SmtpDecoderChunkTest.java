package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder's BDAT chunk mode (RFC 3030 2): whole input, one byte at a time, odd splits. */
class SmtpDecoderChunkTest {
    private final SmtpDecoder decoder = new SmtpDecoder(512);
    private final List<String> out = new ArrayList<>();
    private final EmbeddedChannel ch = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof String line) {
                out.add(line);
                if (line.startsWith("BDAT ")) {
                    decoder.startChunk(Long.parseLong(line.split(" ")[1])); // as the session does
                }
            } else if (msg instanceof DataChunk c) {
                String s = c.content().toString(StandardCharsets.ISO_8859_1);
                c.release();
                if (!out.isEmpty() && out.get(out.size() - 1).startsWith("DATA[") && !out.get(out.size() - 1).endsWith("]")) {
                    out.set(out.size() - 1, out.get(out.size() - 1) + s);
                } else {
                    out.add("DATA[" + s);
                }
            } else if (msg instanceof ChunkEnd) {
                int last = out.size() - 1;
                if (last >= 0 && out.get(last).startsWith("DATA[") && !out.get(last).endsWith("]")) {
                    out.set(last, out.get(last) + "]");
                }
                out.add("CHUNK-END");
            }
        }
    });

    private List<String> feed(String input, int step) {
        out.clear();
        byte[] b = input.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i += step) {
            ch.writeInbound(Unpooled.wrappedBuffer(b, i, Math.min(step, b.length - i)));
        }
        return List.copyOf(out);
    }

    @Test
    void exactOctetsThenCommandsAgain() {
        String in = "BDAT 11\r\n.\r\nx\n\r\n.\r\n\0BDAT 0 LAST\r\nQUIT\r\n";
        List<String> expected = List.of("BDAT 11", "DATA[.\r\nx\n\r\n.\r\n\0]", "CHUNK-END", "BDAT 0 LAST", "CHUNK-END", "QUIT");
        for (int step : new int[] {in.length(), 1, 2, 5, 13}) {
            assertEquals(expected, feed(in, step), "step " + step);
        }
    }

    @Test
    void chunkEndingExactlyAtTheEndOfInput() {
        assertEquals(List.of("BDAT 4", "DATA[RCPT]", "CHUNK-END"), feed("BDAT 4\r\nRCPT", 100));
        assertEquals(List.of("NOOP"), feed("NOOP\r\n", 100));
    }

    @Test
    void pausedMidChunkKeepsTheRest() {
        feed("BDAT 6\r\nab", 100);
        decoder.pause();
        assertEquals(List.of(), feed("cdefNOOP\r\n", 100));
        out.clear();
        decoder.resume();
        assertEquals(List.of("DATA[cdef]", "CHUNK-END", "NOOP"), List.copyOf(out));
    }
}
