package org.mailserver.smtp.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.mailserver.core.auth.LoginThrottle;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.delivery.OutboundQueue;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.core.metrics.Metrics;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.ServerContext;

/** The engine on a real socket, as the transport will run it: idle handler, then the engine's handlers. */
final class TestServer implements AutoCloseable {
    static final String HOST = "mx.example.test";
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final BlockingExecutor executor = new BlockingExecutor(4, 64);
    final List<Channel> children = new CopyOnWriteArrayList<>();
    final Metrics metrics = new Metrics();
    final ServerContext context;
    final Channel server;

    TestServer(Directory directory, LocalDelivery delivery, SmtpServerConfig config, Duration idle) throws Exception {
        this(directory, delivery, config, idle, SmtpHooks.NONE);
    }

    TestServer(Directory directory, LocalDelivery delivery, SmtpServerConfig config, Duration idle, SmtpHooks hooks)
            throws Exception {
        this(directory, delivery, null, config, null, idle, hooks);
    }

    /**
     * SMTP in {@code role} with an outbound queue; for {@link SmtpRole#SUBMISSIONS} a TLS handler goes
     * first, as the transport adds it for an implicit-TLS listener. {@code role} null: the old
     * entry point ({@link SmtpPipeline#init} without a queue).
     */
    TestServer(Directory directory, LocalDelivery delivery, OutboundQueue queue, SmtpServerConfig config, SmtpRole role,
               Duration idle, SmtpHooks hooks) throws Exception {
        context = new ServerContext(HOST, Set.of("example.test", "example.org"), selfSigned(), executor, directory,
                new LoginThrottle(Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMinutes(1)), metrics);
        ListenerConfig listener = new ListenerConfig("test", "127.0.0.1", 0, false, 100, 100, idle, 512);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        children.add(ch);
                        ch.pipeline().addLast(new IdleStateHandler(idle.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
                        if (role == null) {
                            SmtpPipeline.init(ch, listener, context, delivery, config, hooks);
                            return;
                        }
                        if (role == SmtpRole.SUBMISSIONS) {
                            ch.pipeline().addFirst("tls", context.tls().newHandler(ch.alloc()));
                        }
                        new SmtpProtocol(context, delivery, queue, config, role, hooks).initChannel(ch, listener);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    static SmtpServerConfig lmtp(Path spool) {
        return SmtpServerConfig.defaults(Dialect.LMTP, spool);
    }

    static SslContext selfSigned() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate(HOST);
        return SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).protocols("TLSv1.3", "TLSv1.2").build();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        executor.close();
    }
}
