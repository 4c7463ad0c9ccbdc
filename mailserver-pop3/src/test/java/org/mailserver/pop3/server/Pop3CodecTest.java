package org.mailserver.pop3.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.auth.LoginThrottle;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.core.tls.TlsContexts;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.ServerContext;
import org.mailserver.core.transport.ShutdownRequested;

/**
 * The POP3 pipeline in an EmbeddedChannel: framing, limits, events and STLS, for input given whole,
 * one byte at a time, and over the line limit. Only commands that need no blocking work.
 */
class Pop3CodecTest {
    private static final String CAPA = "+OK capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nSASL PLAIN LOGIN\r\n"
            + "RESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n";
    private final BlockingExecutor executor = new BlockingExecutor(1, 1);
    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        executor.close();
    }

    private EmbeddedChannel channel(SslContext tls, boolean implicitTls) {
        ServerContext ctx = new ServerContext("pop.example.test", Set.of("example.test"), tls, executor,
                new FakeDirectory(), new LoginThrottle(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMinutes(1)));
        EmbeddedChannel ch = new EmbeddedChannel();
        new Pop3Protocol(ctx, new FakeStore()).initChannel(ch,
                new ListenerConfig("pop3", "127.0.0.1", 110, implicitTls, 10, 10, Duration.ofMinutes(10), 255));
        ch.pipeline().fireChannelActive(); // the EmbeddedChannel was active before the handlers were added
        assertEquals("+OK pop.example.test POP3 server ready\r\n", output(ch));
        return ch;
    }

    private static String output(EmbeddedChannel ch) {
        StringBuilder b = new StringBuilder();
        for (ByteBuf buf = ch.readOutbound(); buf != null; buf = ch.readOutbound()) {
            b.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return b.toString();
    }

    private static void input(EmbeddedChannel ch, String s, boolean byteByByte) {
        byte[] data = s.getBytes(StandardCharsets.UTF_8);
        if (!byteByByte) {
            ch.writeInbound(Unpooled.wrappedBuffer(data));
            return;
        }
        for (byte b : data) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    private static final String SCRIPT = "CAPA\r\nuser alice\r\nXYZZY\r\nSTAT\r\nAUTH\r\nQUIT\r\n";
    private static final String ANSWERS = CAPA + "IMPLEMENTATION mailserver\r\n.\r\n+OK send PASS\r\n"
            + "-ERR unknown command\r\n-ERR command not valid in this state\r\n+OK SASL mechanisms follow\r\nPLAIN\r\n"
            + "LOGIN\r\n.\r\n+OK pop.example.test POP3 server signing off\r\n";

    @Test
    void wholeInput() {
        EmbeddedChannel ch = channel(null, false);
        input(ch, SCRIPT, false);
        assertEquals(ANSWERS, output(ch));
        assertFalse(ch.isOpen());
    }

    @Test
    void oneByteAtATime() {
        EmbeddedChannel ch = channel(null, false);
        input(ch, SCRIPT, true);
        assertEquals(ANSWERS, output(ch));
        assertFalse(ch.isOpen());
    }

    @Test
    void overTheLimit() {
        for (boolean byteByByte : new boolean[] {false, true}) {
            EmbeddedChannel ch = channel(null, false);
            // 255 octets with CRLF is the most RFC 2449 4 allows; one more is too long.
            input(ch, "USER " + "a".repeat(248) + "\r\n", byteByByte);
            assertEquals("+OK send PASS\r\n", output(ch));
            input(ch, "USER " + "a".repeat(249) + "\r\nNOOP\r\n", byteByByte);
            assertEquals("-ERR line too long\r\n-ERR command not valid in this state\r\n", output(ch));
            assertTrue(ch.isOpen());
        }
    }

    @Test
    void idleEventLogsOut() {
        EmbeddedChannel ch = channel(null, false);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertEquals("-ERR [SYS/TEMP] autologout: idle too long\r\n", output(ch));
        assertFalse(ch.isOpen());
    }

    @Test
    void shutdownClosesAnIdleSession() {
        EmbeddedChannel ch = channel(null, false);
        ch.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE);
        assertFalse(ch.isOpen());
    }

    @Test
    void stlsDropsPipelinedPlaintextAndPutsTlsFirst() throws Exception {
        SslContext tls = TlsContexts.server(Optional.empty(), Optional.empty(), tmp, "pop.example.test");
        EmbeddedChannel ch = channel(tls, false);
        input(ch, "CAPA\r\n", false);
        assertTrue(output(ch).contains("\r\nSTLS\r\n"));
        input(ch, "STLS\r\nCAPA\r\nUSER injected\r\n", false);
        assertEquals("+OK begin TLS negotiation\r\n", output(ch), "the +OK is plaintext, the pipelined lines are dropped");
        assertInstanceOf(SslHandler.class, ch.pipeline().first());
    }

    @Test
    void noStlsUnderImplicitTls() throws Exception {
        SslContext tls = TlsContexts.server(Optional.empty(), Optional.empty(), tmp, "pop.example.test");
        EmbeddedChannel ch = channel(tls, true);
        input(ch, "CAPA\r\nSTLS\r\n", false);
        String out = output(ch);
        assertFalse(out.contains("STLS\r\n"), out);
        assertTrue(out.endsWith("-ERR already under TLS\r\n"), out);
    }
}
