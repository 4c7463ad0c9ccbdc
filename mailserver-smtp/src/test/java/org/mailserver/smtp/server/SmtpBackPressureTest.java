package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that pipelines commands and never reads the replies: the server must stop reading
 * instead of queueing replies without bound, and must not stay connected forever once it gives up.
 */
class SmtpBackPressureTest {
    private static final int NOOPS = 20_000; // 120 KB of commands; unchecked, 2 MB of queued replies

    @TempDir
    Path spool;
    TestServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A connection whose both ends buffer little, and a thread that floods it with NOOPs. */
    private Socket flood(Duration idle) throws Exception {
        server = new TestServer(new Fakes.FakeDirectory(), new Fakes.FakeDelivery(), TestServer.lmtp(spool), idle);
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()));
        s.setSoTimeout(20_000);
        while (server.children.isEmpty()) {
            Thread.sleep(5);
        }
        server.children.get(0).config().setOption(ChannelOption.SO_SNDBUF, 4096);
        OutputStream out = s.getOutputStream();
        Thread writer = new Thread(() -> {
            byte[] noop = "NOOP\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] batch = new byte[noop.length * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(noop, 0, batch, i * noop.length, noop.length);
            }
            try {
                for (int i = 0; i < NOOPS / 1000; i++) {
                    out.write(batch);
                }
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (Exception e) {
                // the test closed the socket
            }
        }, "noop-flood");
        writer.setDaemon(true);
        writer.start();
        return s;
    }

    private static long pending(Channel ch) {
        ChannelOutboundBuffer b = ch.unsafe().outboundBuffer();
        return b == null ? 0 : b.totalPendingWriteBytes();
    }

    @Test
    void repliesNobodyReadsAreNotQueuedWithoutBound() throws Exception {
        try (Socket s = flood(Duration.ofMinutes(5))) {
            Channel ch = server.children.get(0);
            long max = 0;
            for (int i = 0; i < 150; i++) {
                Thread.sleep(10);
                max = Math.max(max, ch.eventLoop().submit(() -> pending(ch)).get());
            }
            assertTrue(max < 512 * 1024, "replies queued in the heap: " + max);
            // once the client reads, every command is answered, in order
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("220 mx.example.test LMTP ready", in.readLine());
            for (int i = 0; i < NOOPS; i++) {
                assertEquals("250 2.0.0 Ok", in.readLine(), "reply " + i);
            }
            assertEquals("221 2.0.0 Bye", in.readLine());
        }
    }

    @Test
    void aClientThatNeverReadsIsDisconnectedAfterTheTimeout() throws Exception {
        try (Socket s = flood(Duration.ofMillis(300))) {
            Channel ch = server.children.get(0);
            // the 421 cannot be written to a client that does not read: the server must close anyway
            assertTrue(ch.closeFuture().await(10_000), "still connected");
        }
    }
}
