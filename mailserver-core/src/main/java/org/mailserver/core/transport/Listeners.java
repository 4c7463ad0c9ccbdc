package org.mailserver.core.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mailserver.core.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one event loop group and every listening socket on it. Each accepted connection gets, in
 * order: the listener's {@link ConnectionLimiter}, TLS when the listener is implicit-TLS, the
 * protocol's decoder, an idle timer that counts decoded commands ({@link CommandIdleHandler}), then
 * the protocol's other handlers.
 */
public final class Listeners implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final EventLoopGroup group;
    private final Class<? extends ServerChannel> serverChannel;
    private final SslContext tls;
    private final Metrics metrics;
    private final List<Channel> bound = new ArrayList<>();
    private final ChannelGroup connections = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);

    /** {@code threads} event loops (0 = Netty's default, twice the cores); epoll where available. */
    public Listeners(int threads, SslContext tls) {
        this(threads, tls, Metrics.none());
    }

    /** As above, counting the connections of each protocol into {@code metrics}. */
    public Listeners(int threads, SslContext tls, Metrics metrics) {
        this.metrics = metrics;
        IoHandlerFactory io;
        if (Epoll.isAvailable()) {
            io = EpollIoHandler.newFactory();
            serverChannel = EpollServerSocketChannel.class;
        } else {
            io = NioIoHandler.newFactory();
            serverChannel = NioServerSocketChannel.class;
        }
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        this.tls = tls;
        LOG.info("event loop: {} transport", Epoll.isAvailable() ? "epoll" : "nio");
    }

    /** Binds one listener; throws with the address in the message when the port cannot be bound. */
    public void bind(ListenerConfig listener, Protocol protocol) throws InterruptedException {
        ConnectionLimiter limiter = new ConnectionLimiter(listener, protocol, metrics.protocol(protocol.name()));
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast("limits", limiter);
                        if (listener.implicitTls()) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        List<String> transport = ch.pipeline().names();
                        protocol.initChannel(ch, listener);
                        // after the protocol's decoder, its first handler: only whole commands count
                        String decoder = ch.pipeline().names().stream().filter(n -> !transport.contains(n))
                                .findFirst().orElseThrow();
                        ch.pipeline().addAfter(decoder, "idle",
                                new CommandIdleHandler(listener.idleTimeout().toMillis()));
                    }
                });
        try {
            Channel ch = b.bind(listener.host(), listener.port()).sync().channel();
            bound.add(ch);
            LOG.info("listening: {} on {}:{}{} ({})", listener.name(), listener.host(), listener.port(),
                    listener.implicitTls() ? " with implicit TLS" : "", protocol.name());
        } catch (Exception e) {
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IllegalStateException("cannot listen on " + listener.host() + ":" + listener.port()
                    + " for " + listener.name() + ": " + e.getMessage(), e);
        }
    }

    /** Stops accepting new connections; open ones go on. */
    public void stopAccepting() {
        for (Channel ch : bound) {
            ch.close().syncUninterruptibly();
        }
    }

    /** Asks every open session to finish ({@link ShutdownRequested}) and waits up to {@code millis}. */
    public boolean drain(long millis) throws InterruptedException {
        for (Channel ch : connections) {
            ch.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return connections.isEmpty();
    }

    /** Connections open now on all listeners. */
    public int openConnections() {
        return connections.size();
    }

    @Override
    public void close() {
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
