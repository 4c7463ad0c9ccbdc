package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailserver.core.delivery.SpooledMessage;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.grammar.ImapParser;
import org.mailserver.imap.grammar.Segment;

/**
 * Framing in an EmbeddedChannel, each case given whole and one byte at a time: lines, synchronising
 * and non-synchronising literals, APPEND messages kept below the spool threshold, and every limit.
 * Messages that spill to a file are in {@link ImapDecoderSpoolTest}.
 */
class ImapDecoderTest {
    static final String READY = "+ Ready for literal\r\n";
    private final BlockingExecutor executor = new BlockingExecutor(2, 16);
    @TempDir
    Path spool;
    ImapDecoder decoder;

    @AfterEach
    void stop() {
        executor.close();
    }

    private EmbeddedChannel channel() {
        return channel(64, 64, 1000, false);
    }

    private EmbeddedChannel channel(int maxLine, int maxLiteral, long appendLimit, boolean literalMinus) {
        decoder = new ImapDecoder(maxLine, maxLiteral, appendLimit, literalMinus, spool, 1 << 20, executor);
        return new EmbeddedChannel(decoder);
    }

    static void input(EmbeddedChannel ch, String s, boolean byteByByte) {
        byte[] data = s.getBytes(StandardCharsets.ISO_8859_1);
        if (!byteByByte) {
            ch.writeInbound(Unpooled.wrappedBuffer(data));
            return;
        }
        for (byte b : data) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    /** What came out, one string per frame: segments between |, literals in <>, messages in <message ...>. */
    static List<String> frames(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
            out.add(describe(o));
        }
        return out;
    }

    static String describe(Object o) {
        if (o instanceof FrameError e) {
            return "ERROR " + e.tag() + " " + e.text() + (e.close() ? " (close)" : "");
        }
        StringBuilder b = new StringBuilder();
        for (Segment s : ((ImapFrame) o).segments()) {
            if (b.length() > 0) {
                b.append('|');
            }
            if (s instanceof Segment.Text t) {
                b.append(new String(t.bytes(), StandardCharsets.ISO_8859_1));
            } else if (s instanceof Segment.Literal l) {
                b.append('<').append(new String(l.bytes(), StandardCharsets.ISO_8859_1)).append('>');
            } else if (s instanceof Segment.Message m) {
                try (InputStream in = m.message().open()) {
                    b.append("<message ").append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).append('>');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                ((SpooledMessage) m.message()).discard();
            }
        }
        return b.toString();
    }

    static String output(EmbeddedChannel ch) {
        StringBuilder b = new StringBuilder();
        for (ByteBuf buf = ch.readOutbound(); buf != null; buf = ch.readOutbound()) {
            b.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void linesEndWithCrlfOrABareLf(boolean byteByByte) {
        EmbeddedChannel ch = channel();
        input(ch, "A1 NOOP\r\nA2 LOGIN alice secret\nDONE\r\n*\r\n\r\n", byteByByte);
        assertEquals(List.of("A1 NOOP", "A2 LOGIN alice secret", "DONE", "*", ""), frames(ch));
        assertEquals("", output(ch));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void synchronisingLiteralsGetAContinuation(boolean byteByByte) throws Exception {
        EmbeddedChannel ch = channel();
        input(ch, "A1 LOGIN {5}\r\n", byteByByte);
        assertEquals(READY, output(ch)); // written before the literal is read
        assertEquals(List.of(), frames(ch));
        input(ch, "alice {6}\r\nsecret\r\nA2 NOOP\r\n", byteByByte);
        assertEquals(READY, output(ch));
        List<Object> out = new ArrayList<>();
        for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
            out.add(o);
        }
        assertEquals(List.of("A1 LOGIN {5}|<alice>| {6}|<secret>|", "A2 NOOP"), out.stream().map(ImapDecoderTest::describe)
                .toList());
        assertEquals(new ImapCommand.Login("A1", "alice", "secret"), ImapParser.parse(((ImapFrame) out.get(0)).segments()));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void nonSynchronisingLiteralsGetNone(boolean byteByByte) {
        EmbeddedChannel ch = channel();
        // a literal's octets are never read as lines: no command can hide in one
        input(ch, "A1 LOGIN {5+}\r\nalice {13+}\r\n\r\nA9 LOGOUT\r\n\r\nA2 NOOP\r\nA3 SELECT {0+}\r\n\r\n", byteByByte);
        assertEquals(List.of("A1 LOGIN {5+}|<alice>| {13+}|<\r\nA9 LOGOUT\r\n>|", "A2 NOOP", "A3 SELECT {0+}|<>|"),
                frames(ch));
        assertEquals("", output(ch));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void appendMessagesAreSpooled(boolean byteByByte) throws Exception {
        EmbeddedChannel ch = channel();
        input(ch, "A1 APPEND INBOX (\\Seen) {12}\r\nhello\r\nworld\r\nA2 APPEND {5}\r\nDraft {3+}\r\nabc\r\n"
                + "A3 append x \"1-Feb-1994 00:00:00 +0000\" {0}\r\n\r\n", byteByByte);
        assertEquals(READY + READY + READY, output(ch));
        List<Object> out = new ArrayList<>();
        for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
            out.add(o);
        }
        ImapCommand.Append append = (ImapCommand.Append) ImapParser.parse(((ImapFrame) out.get(1)).segments());
        assertEquals("Draft", append.mailbox());
        assertTrue(append.message() instanceof SpooledMessage);
        assertEquals(List.of("A1 APPEND INBOX (\\Seen) {12}|<message hello\r\nworld>|",
                "A2 APPEND {5}|<Draft>| {3+}|<message abc>|", "A3 append x \"1-Feb-1994 00:00:00 +0000\" {0}|<message >|"),
                out.stream().map(ImapDecoderTest::describe).toList());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRefusedSynchronisingLiteralEndsTheCommand(boolean byteByByte) {
        EmbeddedChannel ch = channel();
        // RFC 3501 7.5: no continuation, so the client sends no octets and takes the error as the answer
        input(ch, "A1 LOGIN {65}\r\nA2 APPEND INBOX {1001}\r\nA3 LOGIN {5}\r\nalice {65}\r\nA4 NOOP\r\n", byteByByte);
        assertEquals(List.of("ERROR A1 [TOOBIG] a literal may have at most 64 octets",
                "ERROR A2 [TOOBIG] the message is larger than the APPENDLIMIT of 1000 octets",
                "ERROR A3 [TOOBIG] a literal may have at most 64 octets", "A4 NOOP"), frames(ch));
        assertEquals(READY, output(ch)); // only for A3's first literal
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRefusedNonSynchronisingLiteralIsReadAndDropped(boolean byteByByte) {
        EmbeddedChannel ch = channel();
        String smuggled = "\r\nA9 DELETE INBOX\r\n".repeat(4); // 76 octets, over the limit of 64
        input(ch, "A1 LOGIN {76+}\r\n" + smuggled + " {3+}\r\nabc\r\nA2 APPEND INBOX {1001+}\r\n" + "x".repeat(1001)
                + "\r\nA3 NOOP\r\n", byteByByte);
        assertEquals(List.of("ERROR A1 [TOOBIG] a literal may have at most 64 octets",
                "ERROR A2 [TOOBIG] the message is larger than the APPENDLIMIT of 1000 octets", "A3 NOOP"), frames(ch));
        assertEquals("", output(ch));
    }

    @Test
    void aRefusedHugeNonSynchronisingLiteralIsNeverBuffered() {
        EmbeddedChannel ch = channel();
        input(ch, "A1 APPEND INBOX {10737418240+}\r\n", false); // 10 GB announced
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 1024; i++) { // 64 MB of it arrives
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            assertEquals(0, decoder.buffered());
        }
        assertEquals(List.of(), frames(ch));
        ch.close(); // the client gives up
        assertEquals(List.of(), frames(ch));

        ch = channel();
        input(ch, "A1 APPEND INBOX {3000000+}\r\n", false);
        for (int i = 0; i < 3000000 / chunk.length; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
        }
        assertEquals(List.of(), frames(ch));
        input(ch, "x".repeat(3000000 % chunk.length) + "\r\nA2 NOOP\r\n", false);
        assertEquals(List.of("ERROR A1 [TOOBIG] the message is larger than the APPENDLIMIT of 1000 octets", "A2 NOOP"),
                frames(ch));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void overLongLines(boolean byteByByte) {
        EmbeddedChannel ch = channel();
        String x = "x".repeat(100);
        input(ch, "A0 " + "y".repeat(59) + "\r\n" + "A1 " + "y".repeat(60) + "\r\n" + x + "\r\nA2 LOGIN " + x
                + "\r\nA3 NOOP\r\n", byteByByte);
        assertEquals(List.of("A0 " + "y".repeat(59), "ERROR A1 line too long", "ERROR null line too long",
                "ERROR A2 line too long", "A3 NOOP"), frames(ch));
        // the line announced a literal: its octets are part of the refused command, not commands
        input(ch, "A4 SEARCH TEXT " + x + " {11+}\r\nA8 LOGOUT\r\n\r\nA5 LOGIN {1}\r\na " + x + "\r\n"
                + "A6 LOGIN {40}\r\n" + "p".repeat(40) + " " + "q".repeat(40) + "\r\nA7 NOOP\r\n", byteByByte);
        // a line after a literal is also limited by what the command may still hold (64 + 64 octets)
        assertEquals(List.of("ERROR A4 line too long", "ERROR A5 line too long", "ERROR A6 command too long", "A7 NOOP"),
                frames(ch));
        assertEquals(READY + READY, output(ch));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCommandIsLimitedAsAWhole(boolean byteByByte) {
        EmbeddedChannel ch = channel();
        String forty = "z".repeat(40);
        input(ch, "A1 X {40+}\r\n" + forty + " {40+}\r\n" + forty + "\r\nA2 X {40+}\r\n" + forty + "\r\n", byteByByte);
        assertEquals(List.of("ERROR A1 [TOOBIG] command too long", "A2 X {40+}|<" + forty + ">|"), frames(ch));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void unreadableLiteralSizes(boolean byteByByte) {
        EmbeddedChannel ch = channel();
        input(ch, "A1 LOGIN {99999999999999999999}\r\nA2 LOGIN {}\r\nA3 LOGIN pass12}\r\nA4 NOOP\r\n", byteByByte);
        assertEquals(List.of("ERROR A1 invalid literal size", "ERROR A2 invalid literal size", "A3 LOGIN pass12}",
                "A4 NOOP"), frames(ch));
        // a non-synchronising literal of unknown size: nothing tells where the next command starts
        input(ch, "A5 LOGIN {99999999999999999999+}\r\nA6 NOOP\r\n", byteByByte);
        assertEquals(List.of("ERROR A5 invalid literal size (close)"), frames(ch));
        input(ch, "A7 NOOP\r\n", byteByByte);
        assertEquals(List.of(), frames(ch));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void literalMinusLimitsNonSynchronisingLiterals(boolean byteByByte) {
        EmbeddedChannel ch = channel(64, 10000, 10000, true);
        input(ch, "A1 LOGIN {4097+}\r\n" + "a".repeat(4097) + "\r\nA2 LOGIN {4096+}\r\n" + "b".repeat(4096) + "\r\n",
                byteByByte);
        assertEquals(List.of("ERROR A1 [TOOBIG] a non-synchronizing literal may have at most 4096 octets",
                "A2 LOGIN {4096+}|<" + "b".repeat(4096) + ">|"), frames(ch));
        assertEquals("NO", new FrameError("A1", "[TOOBIG] x", false).status());
        assertEquals("BAD", new FrameError("A1", "line too long", false).status());
    }

    @Test
    void discardBufferedDropsWhatCameAfterStartTls() {
        decoder = new ImapDecoder(64, 64, 1000, spool, 1 << 20, executor);
        List<String> seen = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(describe(msg));
                if (seen.size() == 1) {
                    decoder.discardBuffered(); // RFC 3501 6.2.1: what was pipelined after STARTTLS is dropped
                }
            }
        });
        input(ch, "A1 STARTTLS\r\nA2 LOGIN {5+}\r\nalice secret\r\nA3 NOOP\r\n", false);
        assertEquals(List.of("A1 STARTTLS"), seen);
        input(ch, "A4 NOOP\r\n", false);
        assertEquals(List.of("A1 STARTTLS", "A4 NOOP"), seen);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void pauseHoldsInputBack(boolean byteByByte) {
        EmbeddedChannel ch = channel();
        decoder.pause();
        input(ch, "A1 NOOP\r\nA2 APPEND INBOX {3}\r\n", byteByByte);
        assertEquals(List.of(), frames(ch));
        assertEquals("", output(ch)); // not even the continuation: A2 is not read yet
        decoder.resume();
        assertEquals(List.of("A1 NOOP"), frames(ch));
        assertEquals(READY, output(ch));
    }

    @Test
    void closingTheChannelMidLiteralEmitsNothing() {
        EmbeddedChannel ch = channel();
        input(ch, "A1 APPEND INBOX {100}\r\n" + "m".repeat(50), false);
        ch.close();
        assertFalse(ch.isOpen());
        assertEquals(List.of(), frames(ch));
        assertEquals(READY, output(ch));
    }
}
