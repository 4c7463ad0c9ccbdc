package org.mailserver.pop3.server;

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
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.mailserver.core.auth.LoginThrottle;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.ServerContext;
import org.mailserver.core.transport.ShutdownRequested;
import org.mailserver.store.MailStore;

/**
 * Pop3Protocol on an ephemeral loopback port, with the pipeline the daemon's transport builds
 * (implicit TLS when asked, an all-idle timer, then the protocol). One event loop thread.
 */
final class Pop3TestServer implements AutoCloseable {
    static final Duration THROTTLE_STEP = Duration.ofMillis(300);

    final ServerContext context;
    final Pop3Protocol protocol;
    final BlockingExecutor executor;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;
    private final Duration idle;
    /** The most bytes any connection has had waiting in its outbound buffer (back-pressure check). */
    final java.util.concurrent.atomic.AtomicLong maxPendingBytes = new java.util.concurrent.atomic.AtomicLong();
    /** Writes to any connection so far: it stops growing when the server waits for a client. */
    final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    Pop3TestServer(Directory directory, MailStore store, SslContext tls, boolean implicitTls, Duration idle,
                   BlockingExecutor executor) throws InterruptedException {
        this(new ServerContext("pop.example.test", Set.of("example.test"), tls, executor, directory,
                new LoginThrottle(THROTTLE_STEP, Duration.ofSeconds(1), Duration.ofMinutes(1))), null, store,
                implicitTls, idle);
    }

    private Pop3TestServer(ServerContext context, Pop3Protocol shared, MailStore store, boolean implicitTls,
                           Duration idle) throws InterruptedException {
        this.context = context;
        this.executor = shared == null ? context.executor() : null;
        this.protocol = shared == null ? new Pop3Protocol(context, store) : shared;
        this.idle = idle;
        ListenerConfig listener = new ListenerConfig(implicitTls ? "pop3s" : "pop3", "127.0.0.1", 0, implicitTls,
                100, 100, idle, 255);
        SslContext tls = context.tls();
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast("probe", new PendingBytesProbe(maxPendingBytes, writes));
                        if (implicitTls) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS));
                        protocol.initChannel(ch, listener);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** A pop3s listener served by this server's protocol instance (shared maildrop locks), as the daemon does. */
    Pop3TestServer alsoImplicitTls() throws InterruptedException {
        return new Pop3TestServer(context, protocol, null, true, idle);
    }

    Pop3TestServer(Directory directory, MailStore store) throws InterruptedException {
        this(directory, store, null, false, Duration.ofMinutes(10), new BlockingExecutor(4, 100));
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    /** What the daemon does on SIGTERM. */
    void requestShutdown() {
        channels.forEach(ch -> ch.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE));
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (executor != null) {
            executor.close();
        }
    }
}
