package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;

/**
 * sd_notify over a real Unix datagram socket: to a path, to an abstract name as another program (Python)
 * binds it, and from the daemon as a process once its listeners are bound, around a reload (SIGHUP), and
 * when SIGTERM stops it.
 */
class SystemdNotifyTest {

    /** A notify socket as systemd holds one: bound, reading datagrams. */
    static final class Receiver implements AutoCloseable {
        final BlockingQueue<String> datagrams = new LinkedBlockingQueue<>();
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        private final Channel channel;

        Receiver(String path) throws InterruptedException {
            channel = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                            datagrams.add(packet.content().toString(StandardCharsets.UTF_8));
                        }
                    }).bind(new DomainSocketAddress(path)).sync().channel();
        }

        String next() throws InterruptedException {
            return datagrams.poll(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutNotifySocketNothingIsSent() {
        assertFalse(SystemdNotify.send(null, "READY=1\n"));
        assertFalse(SystemdNotify.send("", "READY=1\n"));
    }

    @Test
    void sendsOneDatagramToASocketPath(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("notify");
        try (Receiver r = new Receiver(socket.toString())) {
            assertTrue(SystemdNotify.send(socket.toString(), "READY=1\nSTATUS=up\n"));
            assertEquals("READY=1\nSTATUS=up\n", r.next());
        }
    }

    @Test
    void aMissingSocketIsReportedNotThrown(@TempDir Path dir) {
        assertFalse(SystemdNotify.send(dir.resolve("nobody-listens").toString(), "READY=1\n"));
    }

    @Test
    void anAtSignNamesAnAbstractSocketAsOtherProgramsBindIt() throws Exception {
        // Python's socket module, not Netty, binds the name: the address we send to must be systemd's.
        String name = "mailserver-test-" + UUID.randomUUID();
        Process python;
        try {
            python = new ProcessBuilder("python3", "-c", String.join("\n",
                    "import socket, sys",
                    "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                    "s.bind('\\0' + sys.argv[1])",
                    "print('bound', flush=True)",
                    "s.settimeout(60)",
                    "sys.stdout.write(s.recv(4096).decode())"), name).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 not found (scripts/install-test-deps installs it): " + e.getMessage());
            return;
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("bound", out.readLine());
            assertTrue(SystemdNotify.send("@" + name, "READY=1\n"));
            assertEquals("READY=1", out.readLine());
            assertTrue(python.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, python.exitValue());
        } finally {
            python.destroyForcibly();
        }
    }

    @Test
    void theDaemonIsReadyOnceItsListenersAreBoundAndStoppingOnSigterm(@TempDir Path dir) throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        int pop3 = DaemonTest.freePort();
        int imap = DaemonTest.freePort();
        String socket = "@mailserver-test-" + UUID.randomUUID();
        try (Receiver systemd = new Receiver("\0" + socket.substring(1))) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "--config", DaemonTest.projectConf().toString(), "--set", "data.dir=" + dir.resolve("data"),
                    "--set", "directory.ldif=" + ldif, "--set", "server.hostname=mx.example.test",
                    "--set", "pop3.listen=127.0.0.1:" + pop3, "--set", "imap.listen=127.0.0.1:" + imap,
                    "--set", "smtp.listen=", "--set", "submission.listen=", "--set", "submissions.listen=",
                    "--set", "lmtp.listen=", "--set", "imaps.listen=", "--set", "pop3s.listen="));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.log").toFile());
            pb.environment().put("NOTIFY_SOCKET", socket);
            Process p = pb.start();
            try {
                String ready = systemd.next();
                assertNotNull(ready, "no READY=1 within 60 s: " + Files.readString(dir.resolve("out.log")));
                assertTrue(ready.startsWith("READY=1\n"), ready);
                for (int port : new int[] {pop3, imap}) { // READY=1 comes after every listener is bound
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        assertTrue(s.isConnected());
                    }
                }
                // At once: the SIGTERM handler is in place before READY=1, so even this drains and exits 0.
                p.destroy(); // SIGTERM
                String stopping = systemd.next();
                assertNotNull(stopping, Files.readString(dir.resolve("out.log")));
                assertTrue(stopping.startsWith("STOPPING=1\n"), stopping);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out.log")));
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aReloadIsReloadingThenReadyAgain(@TempDir Path dir) throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        int pop3 = DaemonTest.freePort();
        String socket = "@mailserver-test-" + UUID.randomUUID();
        try (Receiver systemd = new Receiver("\0" + socket.substring(1))) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "--config", DaemonTest.projectConf().toString(), "--set", "data.dir=" + dir.resolve("data"),
                    "--set", "directory.ldif=" + ldif, "--set", "server.hostname=mx.example.test",
                    "--set", "pop3.listen=127.0.0.1:" + pop3, "--set", "imap.listen=", "--set", "smtp.listen=",
                    "--set", "submission.listen=", "--set", "submissions.listen=", "--set", "lmtp.listen=",
                    "--set", "imaps.listen=", "--set", "pop3s.listen="));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.log").toFile());
            pb.environment().put("NOTIFY_SOCKET", socket);
            Process p = pb.start();
            try {
                String ready = systemd.next();
                assertNotNull(ready, "no READY=1 within 60 s: " + Files.readString(dir.resolve("out.log")));
                assertTrue(ready.startsWith("READY=1\n"), ready);
                assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor());
                String reloading = systemd.next();
                assertNotNull(reloading, Files.readString(dir.resolve("out.log")));
                // systemd 253+ wants the CLOCK_MONOTONIC time with it
                assertTrue(reloading.matches("RELOADING=1\nMONOTONIC_USEC=[0-9]+\n(?s).*"), reloading);
                String again = systemd.next();
                assertNotNull(again, Files.readString(dir.resolve("out.log")));
                assertTrue(again.startsWith("READY=1\n"), again);
                assertTrue(Files.readString(dir.resolve("out.log")).contains("reload: nothing to apply"),
                        Files.readString(dir.resolve("out.log")));
                p.destroy();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out.log")));
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
