package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.SpooledMessage;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.imap.grammar.Segment;

/**
 * APPEND messages that spill to a spool file. These run on a real event loop (a local channel pair)
 * rather than an EmbeddedChannel: the spool's writes complete on pool threads, which hand their
 * results back with {@code execute}, and EmbeddedChannel's task queue is not thread-safe. The client
 * side sends as TCP would, holding back while the server has stopped reading.
 */
class ImapDecoderSpoolTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private final BlockingExecutor executor = new BlockingExecutor(2, 64);
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final StringBuffer received = new StringBuffer();
    private ImapDecoder decoder;
    private volatile Channel server;
    private Channel client;
    @TempDir
    Path spool;

    @AfterEach
    void stop() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await();
        executor.close();
    }

    private void connect(Path spoolDir, int threshold) throws InterruptedException {
        connect(spoolDir, threshold, executor);
    }

    private void connect(Path spoolDir, int threshold, BlockingExecutor pool) throws InterruptedException {
        decoder = new ImapDecoder(1000, 1000, 100L << 20, spoolDir, threshold, pool);
        LocalAddress address = new LocalAddress("imap-decoder-test-" + IDS.incrementAndGet());
        new ServerBootstrap().group(group).channel(LocalServerChannel.class).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                server = ch;
                ch.pipeline().addLast(decoder, new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        frames.add(msg);
                    }
                });
            }
        }).bind(address).sync();
        client = new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                received.append(((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
                ((ByteBuf) msg).release();
            }
        }).connect(address).sync().channel();
        await(() -> server != null);
    }

    /** Sends {@code data} in chunks, waiting after each until the server has taken it and reads again. */
    private int send(byte[] data, int chunk) throws Exception {
        int mostBuffered = 0;
        for (int i = 0; i < data.length; i += chunk) {
            client.writeAndFlush(Unpooled.wrappedBuffer(data, i, Math.min(chunk, data.length - i))).sync();
            group.submit(() -> { }).sync(); // the server's read of it ran before this
            mostBuffered = Math.max(mostBuffered, group.submit(decoder::buffered).get());
            await(() -> server.config().isAutoRead() || !server.isActive());
        }
        return mostBuffered;
    }

    private void send(String s) throws Exception {
        send(s.getBytes(StandardCharsets.US_ASCII), Integer.MAX_VALUE);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(1);
        }
    }

    private long spoolFiles() {
        try (Stream<Path> files = Files.list(spool)) {
            return files.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private SpooledMessage message(Object frame, String firstLine) {
        ImapFrame f = (ImapFrame) frame;
        assertEquals(3, f.segments().size());
        assertEquals(firstLine, new String(((Segment.Text) f.segments().get(0)).bytes(), StandardCharsets.US_ASCII));
        return (SpooledMessage) ((Segment.Message) f.segments().get(1)).message();
    }

    private static byte[] read(SpooledMessage m) throws IOException {
        try (InputStream in = m.open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void aFiveMegabyteMessageGoesToDiskAndComesBackIdentical() throws Exception {
        connect(spool, 64 * 1024);
        byte[] message = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(message);
        send("A1 APPEND INBOX (\\Seen) {" + message.length + "}\r\n");
        await(() -> received.length() > 0);
        assertEquals(ImapDecoderTest.READY, received.toString());
        int chunk = 8 * 1024;
        int half = message.length / 2;
        byte[] first = java.util.Arrays.copyOfRange(message, 0, half);
        int mostBuffered = send(first, chunk);
        await(() -> spoolFiles() == 1); // past the threshold the message is on disk, not in the heap
        mostBuffered = Math.max(mostBuffered, send(java.util.Arrays.copyOfRange(message, half, message.length), chunk));
        send("\r\nA2 NOOP\r\n");
        assertTrue(mostBuffered <= chunk, "the decoder held " + mostBuffered + " octets");

        SpooledMessage m = message(frames.poll(10, TimeUnit.SECONDS), "A1 APPEND INBOX (\\Seen) {5242880}");
        assertEquals(message.length, m.size());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = m.open()) {
            byte[] buf = new byte[65536];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                sha.update(buf, 0, n);
            }
        }
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(message), sha.digest());
        assertEquals("A2 NOOP", ImapDecoderTest.describe(frames.poll(10, TimeUnit.SECONDS)));
        m.discard();
        await(() -> spoolFiles() == 0);
    }

    @Test
    void aLaggingSpoolStopsReadingUntilItCatchesUp() throws Exception {
        try (BlockingExecutor slow = new BlockingExecutor(1, 64)) {
            java.util.concurrent.CountDownLatch disk = new java.util.concurrent.CountDownLatch(1);
            slow.submit(() -> disk.await(10, TimeUnit.SECONDS)); // the disk is busy: no spool write runs
            connect(spool, 1024, slow);
            send("A1 APPEND INBOX {1000000}\r\n");
            byte[] chunk = new byte[64 * 1024];
            int sent = 0;
            while (server.config().isAutoRead()) {
                client.writeAndFlush(Unpooled.wrappedBuffer(chunk)).sync();
                group.submit(() -> { }).sync();
                sent += chunk.length;
                assertTrue(sent < 1000000, "reading never stopped");
            }
            // more arrives: it waits in the transport, not in the decoder or the spool
            client.writeAndFlush(Unpooled.wrappedBuffer(new byte[1000000 - sent])).sync();
            client.writeAndFlush(Unpooled.wrappedBuffer("\r\n".getBytes(StandardCharsets.US_ASCII))).sync();
            group.submit(() -> { }).sync();
            assertEquals(0, (int) group.submit(decoder::buffered).get());
            assertNull(frames.poll(100, TimeUnit.MILLISECONDS));
            disk.countDown();
            SpooledMessage m = message(frames.poll(10, TimeUnit.SECONDS), "A1 APPEND INBOX {1000000}");
            assertEquals(1000000, read(m).length);
            m.discard();
            await(() -> server.config().isAutoRead());
        }
    }

    @Test
    void oneByteAtATime() throws Exception {
        connect(spool, 16);
        String message = "Subject: hi\r\n\r\n" + "line of the body\r\n".repeat(20);
        send("A1 APPEND INBOX {" + message.length() + "+}\r\n" + message + "\r\nA2 NOOP\r\n");
        send(("A3 APPEND INBOX {" + message.length() + "+}\r\n" + message + "\r\nA4 NOOP\r\n")
                .getBytes(StandardCharsets.US_ASCII), 1);
        SpooledMessage m1 = message(frames.poll(10, TimeUnit.SECONDS), "A1 APPEND INBOX {375+}");
        assertEquals("A2 NOOP", ImapDecoderTest.describe(frames.poll(10, TimeUnit.SECONDS)));
        SpooledMessage m2 = message(frames.poll(10, TimeUnit.SECONDS), "A3 APPEND INBOX {375+}");
        assertEquals("A4 NOOP", ImapDecoderTest.describe(frames.poll(10, TimeUnit.SECONDS)));
        assertEquals(message, new String(read(m1), StandardCharsets.US_ASCII));
        assertEquals(message, new String(read(m2), StandardCharsets.US_ASCII));
        assertEquals(2, spoolFiles());
        m1.discard();
        m2.discard();
        await(() -> spoolFiles() == 0);
        assertEquals("", received.toString());
    }

    @Test
    void closingTheConnectionMidMessageDiscardsTheSpool() throws Exception {
        connect(spool, 1024);
        send("A1 APPEND INBOX {1000000}\r\n");
        send(new byte[300 * 1024], 16 * 1024);
        await(() -> spoolFiles() == 1);
        client.close().sync();
        await(() -> !server.isActive());
        await(() -> spoolFiles() == 0);
        assertNull(frames.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void aMessageThatCannotBeSpooledIsAnError() throws Exception {
        connect(spool.resolve("missing"), 1024);
        send("A1 APPEND INBOX {100000+}\r\n");
        send(new byte[100000], 8192);
        send("\r\nA2 NOOP\r\n");
        assertEquals("ERROR A1 [UNAVAILABLE] the message could not be stored, try again later",
                ImapDecoderTest.describe(frames.poll(10, TimeUnit.SECONDS)));
        assertEquals("A2 NOOP", ImapDecoderTest.describe(frames.poll(10, TimeUnit.SECONDS)));
        assertEquals("NO", new FrameError("A1", "[UNAVAILABLE] x", false).status());
    }
}
