package org.mailserver.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineDecoderTest {

    private static void feed(EmbeddedChannel ch, String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    @Test
    void wholeInput() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineDecoder(64));
        feed(ch, "USER alice\r\nPASS x y\r\nbare\nCAPA\r\n");
        assertEquals("USER alice", ch.readInbound());
        assertEquals("PASS x y", ch.readInbound());
        assertEquals("bare", ch.readInbound());
        assertEquals("CAPA", ch.readInbound());
        assertNull(ch.readInbound());
    }

    @Test
    void oneByteAtATimeIncludingUtf8() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineDecoder(64));
        byte[] in = "NOOP h\u00e9\u2713\r\nQUIT\r\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : in) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals("NOOP h\u00e9\u2713", ch.readInbound());
        assertEquals("QUIT", ch.readInbound());
        assertNull(ch.readInbound());
    }

    @Test
    void overTheLimitIsReportedOnceAndTheSessionGoesOn() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineDecoder(16));
        feed(ch, "X".repeat(40));
        feed(ch, "Y".repeat(40) + "\r\nNOOP\r\n");
        assertSame(LineDecoder.TOO_LONG, ch.readInbound());
        assertEquals("NOOP", ch.readInbound());
        assertNull(ch.readInbound());
        feed(ch, "Z".repeat(20) + "\r\nSTAT\r\n"); // over the limit with its LF in the same read
        assertSame(LineDecoder.TOO_LONG, ch.readInbound());
        assertEquals("STAT", ch.readInbound());
        assertEquals(16, "0123456789ABCD\r\n".length());
        feed(ch, "0123456789ABCD\r\n"); // exactly the limit
        assertEquals("0123456789ABCD", ch.readInbound());
    }

    @Test
    void discardBufferedDropsPipelinedPlaintext() {
        LineDecoder decoder = new LineDecoder(64);
        EmbeddedChannel ch = new EmbeddedChannel(decoder, new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                if ("STLS".equals(msg)) {
                    decoder.discardBuffered();
                }
                ctx.fireChannelRead(msg);
            }
        });
        feed(ch, "STLS\r\nUSER injected\r\nPASS injected\r\n");
        assertEquals("STLS", ch.readInbound());
        assertNull(ch.readInbound());
        feed(ch, "CAPA\r\n"); // what comes later (after the handshake) is read again
        assertEquals("CAPA", ch.readInbound());
    }

    @Test
    void limitCanBeRaisedForTheNextLinesAndLoweredAgain() {
        LineDecoder decoder = new LineDecoder(16);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        feed(ch, "A".repeat(40) + "\r\n");
        assertSame(LineDecoder.TOO_LONG, ch.readInbound());
        decoder.setMaxLength(64); // e.g. a SASL response after "+ " (RFC 5034 4)
        assertEquals(64, decoder.maxLength());
        for (byte b : ("B".repeat(40) + "\r\n").getBytes(StandardCharsets.US_ASCII)) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals("B".repeat(40), ch.readInbound());
        feed(ch, "C".repeat(70) + "\r\n");
        assertSame(LineDecoder.TOO_LONG, ch.readInbound(), "the raised limit is still a limit");
        decoder.setMaxLength(16);
        feed(ch, "D".repeat(40) + "\r\nNOOP\r\n");
        assertSame(LineDecoder.TOO_LONG, ch.readInbound());
        assertEquals("NOOP", ch.readInbound());
        assertNull(ch.readInbound());
    }
}
