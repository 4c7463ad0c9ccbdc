package org.mailserver.imap.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.mailserver.core.auth.LoginThrottle;
import org.mailserver.core.directory.Directories;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.DirectoryConfig;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.core.testing.TestLdif;
import org.mailserver.core.tls.TlsContexts;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.ServerContext;
import org.mailserver.core.transport.ShutdownRequested;
import org.mailserver.store.maildir.MaildirStore;

/**
 * ImapProtocol on an ephemeral loopback port with the real pieces: the embedded LDAP directory with
 * the acceptance kit's users, the Maildir store in a temporary directory, a self-signed certificate,
 * and the pipeline the daemon's transport builds (implicit TLS when asked, an all-idle timer).
 */
final class ImapTestServer implements AutoCloseable {
    static final Duration THROTTLE_STEP = Duration.ofMillis(300);

    final Path root;
    final Directory directory;
    final MaildirStore store;
    final SslContext tls;
    final BlockingExecutor executor = new BlockingExecutor(8, 1000);
    final ImapProtocol protocol;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;
    private final Channel tlsServer;

    ImapTestServer(Path root) throws Exception {
        this(root, Duration.ofMinutes(10), Duration.ofSeconds(10), 1024 * 1024);
    }

    ImapTestServer(Path root, Duration idle, Duration idlePoll, long appendLimit) throws Exception {
        this.root = root;
        directory = Shared.directory();
        store = new MaildirStore(root.resolve("mail").toAbsolutePath() + "/%d/%n", "test.example");
        tls = Shared.tls();
        ServerContext context = new ServerContext("imap.example.test", Set.of(TestLdif.DOMAIN), tls, executor,
                directory, new LoginThrottle(THROTTLE_STEP, Duration.ofSeconds(1), Duration.ofMinutes(1)));
        Path spool = Files.createDirectories(root.resolve("spool"));
        protocol = new ImapProtocol(context, store, new ImapConfig(spool, 64 * 1024, 64 * 1024, appendLimit, false, idlePoll));
        server = bind(false, idle);
        tlsServer = bind(true, idle);
    }

    /**
     * The read-only pieces that are slow to build (a directory server, an RSA key pair), made once per
     * test JVM and shared by every server: a test server per test then starts in milliseconds.
     */
    private static final class Shared {
        private static Directory directory;
        private static SslContext tls;

        static synchronized Directory directory() throws Exception {
            if (directory == null) {
                Path dir = Files.createTempDirectory("imap-test-ldap");
                dir.toFile().deleteOnExit();
                Path ldif = dir.resolve("users.ldif");
                TestLdif.write(ldif);
                ldif.toFile().deleteOnExit();
                directory = Directories.open(DirectoryConfig.embedded(ldif));
                Runtime.getRuntime().addShutdownHook(new Thread(directory::close));
            }
            return directory;
        }

        static synchronized SslContext tls() throws Exception {
            if (tls == null) {
                Path dir = Files.createTempDirectory("imap-test-tls");
                tls = TlsContexts.server(Optional.empty(), Optional.empty(), dir, "imap.example.test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            }
            return tls;
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temporary directory: the system cleans it up eventually
        }
    }

    private Channel bind(boolean implicitTls, Duration idle) throws InterruptedException {
        ListenerConfig listener = new ListenerConfig(implicitTls ? "imaps" : "imap", "127.0.0.1", 0, implicitTls,
                1000, 1000, idle, 8192);
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        if (implicitTls) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS));
                        protocol.initChannel(ch, listener);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    int tlsPort() {
        return ((java.net.InetSocketAddress) tlsServer.localAddress()).getPort();
    }

    /**
     * Timers waiting on the server's event loop (idle timers, IDLE polls, throttled answers), read on
     * the loop itself; for tests that check a closed connection leaves none behind.
     */
    int scheduledTasks() throws Exception {
        io.netty.util.concurrent.EventExecutor loop = group.next();
        java.lang.reflect.Method queue = io.netty.util.concurrent.AbstractScheduledEventExecutor.class
                .getDeclaredMethod("scheduledTaskQueue");
        queue.setAccessible(true);
        return loop.submit(() -> ((java.util.Collection<?>) queue.invoke(loop)).size()).get();
    }

    /** The Maildir of a test user. */
    Path maildir(String user) {
        return root.resolve("mail").resolve(TestLdif.DOMAIN).resolve(user);
    }

    /** What the daemon does on SIGTERM. */
    void requestShutdown() {
        channels.forEach(ch -> ch.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE));
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        tlsServer.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        executor.close();
        store.close();
        // the directory is shared (see Shared) and stays open for the next test
    }
}
