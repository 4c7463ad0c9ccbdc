package org.mailserver.lmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.auth.LoginThrottle;
import org.mailserver.core.directory.Directories;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.DirectoryConfig;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.core.testing.TestLdif;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.ServerContext;
import org.mailserver.store.maildir.MaildirStore;

/**
 * LMTP on a real socket, with the real embedded LDAP directory and the real Maildir store: what the
 * acceptance kit checks, from inside the build.
 */
class LmtpSocketTest {
    @TempDir
    Path dir;
    EventLoopGroup group;
    BlockingExecutor executor;
    Directory directory;
    MaildirStore store;
    Channel server;

    @BeforeEach
    void start() throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        directory = Directories.open(DirectoryConfig.embedded(ldif));
        store = new MaildirStore(dir.resolve("mail").toString() + "/%d/%n", "mx.example.test");
        executor = new BlockingExecutor(4, 100);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerContext ctx = new ServerContext("mx.example.test", Set.of("example.test", "example.org"), null,
                executor, directory, new LoginThrottle(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMinutes(1)));
        LmtpProtocol lmtp = new LmtpProtocol(ctx, store, dir.resolve("spool"));
        ListenerConfig listener = new ListenerConfig("lmtp", "127.0.0.1", 0, false, 10, 10, Duration.ofMinutes(5), 512);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(300, 0, 0, TimeUnit.SECONDS));
                        lmtp.initChannel(ch, listener);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    @AfterEach
    void stop() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        executor.close();
        store.close();
        directory.close();
    }

    /** A raw LMTP client like the acceptance kit's: one reply per accepted recipient after DATA. */
    final class Lmtp implements AutoCloseable {
        final Socket socket = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
        final BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        final OutputStream out = socket.getOutputStream();

        Lmtp() throws IOException {
            socket.setSoTimeout(20_000);
            assertTrue(reply().startsWith("220 "));
        }

        String reply() throws IOException {
            StringBuilder b = new StringBuilder();
            String line;
            do {
                line = in.readLine();
                b.append(line).append('\n');
            } while (line.length() > 3 && line.charAt(3) == '-');
            return b.toString();
        }

        String cmd(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            return reply();
        }

        /** Returns RCPT replies for refused recipients and DATA replies for accepted ones, by address. */
        Map<String, String> deliver(String from, List<String> rcpts, String message) throws IOException {
            assertTrue(cmd("LHLO client.example.test").startsWith("250"));
            assertTrue(cmd("MAIL FROM:<" + from + ">").startsWith("250"));
            Map<String, String> result = new LinkedHashMap<>();
            List<String> accepted = new ArrayList<>();
            for (String r : rcpts) {
                String reply = cmd("RCPT TO:<" + r + ">");
                if (reply.startsWith("250")) {
                    accepted.add(r);
                } else {
                    result.put(r, reply);
                }
            }
            if (accepted.isEmpty()) {
                cmd("RSET");
                return result;
            }
            assertTrue(cmd("DATA").startsWith("354"));
            String stuffed = ("\r\n" + message).replace("\r\n.", "\r\n..").substring(2);
            out.write((stuffed + ".\r\n").getBytes(StandardCharsets.UTF_8));
            for (String r : accepted) {
                result.put(r, reply());
            }
            return result;
        }

        @Override
        public void close() throws IOException {
            cmd("QUIT");
            socket.close();
        }
    }

    static String message(String subject, String body) {
        return "From: sender@remote.test\r\nTo: bob@example.test\r\nSubject: " + subject + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body;
    }

    List<byte[]> maildir(String domain, String local) throws IOException {
        Path newDir = dir.resolve("mail").resolve(domain).resolve(local).resolve("new");
        List<byte[]> out = new ArrayList<>();
        if (Files.isDirectory(newDir)) {
            try (Stream<Path> s = Files.list(newDir)) {
                for (Path p : s.sorted().toList()) {
                    out.add(Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    @Test
    void perRecipientRepliesIntoTheMaildir() throws Exception {
        try (Lmtp c = new Lmtp()) {
            Map<String, String> r = c.deliver("sender@remote.test",
                    List.of("bob@example.test", "nobody@example.test", "dave@example.test", "erin@EXAMPLE.TEST"),
                    message("multi", "Hello.\r\n"));
            assertTrue(r.get("nobody@example.test").startsWith("550 5.1.1"), r.toString());
            assertTrue(r.get("dave@example.test").startsWith("550 5.2.1"), r.toString());
            assertTrue(r.get("bob@example.test").startsWith("250 2.0.0"), r.toString());
            assertTrue(r.get("erin@EXAMPLE.TEST").startsWith("250 2.0.0"), r.toString());
        }
        String bob = new String(maildir("example.test", "bob").get(0), StandardCharsets.UTF_8);
        assertTrue(bob.startsWith("Return-Path: <sender@remote.test>\r\nDelivered-To: bob@example.test\r\nReceived: from "
                + "client.example.test ([127.0.0.1])\r\n\tby mx.example.test with LMTP id "), bob);
        assertEquals(1, maildir("example.test", "erin").size());
    }

    @Test
    void dotStuffingAndUtf8AreByteExact() throws Exception {
        String body = ".leading dot\r\n..two dots\r\nunicode: h\u00e9llo w\u00f6rld \u2713\r\n.\r\nend\r\n";
        try (Lmtp c = new Lmtp()) {
            assertTrue(c.deliver("sender@remote.test", List.of("erin@example.test"), message("dots", body))
                    .get("erin@example.test").startsWith("250"));
        }
        byte[] stored = maildir("example.test", "erin").get(0);
        String s = new String(stored, StandardCharsets.UTF_8);
        assertTrue(s.endsWith("\r\n\r\n" + body), s);
    }

    @Test
    void quotaIsEnforcedPerRecipient() throws Exception {
        String body = ("x".repeat(70) + "\r\n").repeat(200);
        try (Lmtp c = new Lmtp()) {
            assertTrue(c.deliver("s@remote.test", List.of("carol@example.test"), message("q1", body))
                    .get("carol@example.test").startsWith("250"));
        }
        try (Lmtp c = new Lmtp()) {
            Map<String, String> r = c.deliver("s@remote.test", List.of("carol@example.test", "bob@example.test"),
                    message("q2", body));
            String carol = r.get("carol@example.test");
            assertTrue(carol.startsWith("452 4.2.2") || carol.startsWith("552 5.2.2"), carol);
            assertTrue(r.get("bob@example.test").startsWith("250"), r.toString());
        }
        assertEquals(1, maildir("example.test", "carol").size());
        Path tmp = dir.resolve("mail/example.test/carol/tmp");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(0, s.count(), "nothing partial in tmp/");
        }
    }

    @Test
    void largeMessageThroughTheSpool() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            body.append("line ").append(i).append(" \u00e9\r\n");
        }
        try (Lmtp c = new Lmtp()) {
            assertTrue(c.deliver("s@remote.test", List.of("bob@example.test"), message("big", body.toString()))
                    .get("bob@example.test").startsWith("250"));
        }
        String s = new String(maildir("example.test", "bob").get(0), StandardCharsets.UTF_8);
        assertTrue(s.endsWith("\r\n\r\n" + body));
    }
}
