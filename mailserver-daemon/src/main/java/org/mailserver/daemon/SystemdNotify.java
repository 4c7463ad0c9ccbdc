package org.mailserver.daemon;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the service is doing, as {@code sd_notify(3)} does: one datagram of
 * {@code VARIABLE=value} lines to the Unix socket named by {@code $NOTIFY_SOCKET}, which systemd sets
 * for a {@code Type=notify} unit. A no-op when the variable is unset (started by hand, by a test, or
 * by another supervisor).
 *
 * <p>Java 17 has no Unix datagram sockets ({@code UnixDomainSocketAddress} works with stream channels
 * only), so the datagram goes through Netty's native epoll transport, which the server already
 * ships. A name starting with {@code @} is a Linux abstract-namespace socket, as in sd_notify.
 *
 * <p>Call order: {@link #ready()} once every listener is bound, {@link #reloading()} then {@link #ready()}
 * around each reload (SIGHUP), {@link #stopping()} when a stop begins.
 * Threading: blocking (a few milliseconds), called from the main thread, never from an event loop.
 * Failures: logged, never thrown; systemd then notices by itself (a start timeout).
 */
final class SystemdNotify {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotify.class);
    private static final long TIMEOUT_SECONDS = 5;

    private SystemdNotify() {
    }

    /** {@code READY=1}: the start-up is complete, the unit becomes active. */
    static void ready() {
        send(System.getenv("NOTIFY_SOCKET"), "READY=1\nSTATUS=accepting connections\n");
    }

    /**
     * {@code RELOADING=1} as a reload begins; {@link #ready()} again when it ends, applied or refused.
     * {@code MONOTONIC_USEC} (CLOCK_MONOTONIC, which {@link System#nanoTime()} reads on Linux) is what
     * systemd 253+ asks to come with it.
     */
    static void reloading() {
        send(System.getenv("NOTIFY_SOCKET"), "RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000
                + "\nSTATUS=reloading the configuration\n");
    }

    /** {@code STOPPING=1}: the service is stopping, connections are being drained. */
    static void stopping() {
        send(System.getenv("NOTIFY_SOCKET"), "STOPPING=1\nSTATUS=stopping: draining sessions\n");
    }

    /**
     * Sends {@code state} to {@code socket} ({@code $NOTIFY_SOCKET}'s value); returns whether it was
     * sent. A null or empty socket means "not under systemd" and returns false without a word.
     */
    static boolean send(String socket, String state) {
        if (socket == null || socket.isEmpty()) {
            return false;
        }
        if (!socket.startsWith("/") && !socket.startsWith("@")) {
            // systemd 253+ may also hand out vsock: addresses (for virtual machines); not supported here.
            LOG.warn("NOTIFY_SOCKET={} is not a Unix socket path; systemd is not told about '{}'", socket,
                    state.lines().findFirst().orElse(""));
            return false;
        }
        if (!Epoll.isAvailable()) {
            LOG.warn("cannot notify systemd (NOTIFY_SOCKET is set) without Netty's native epoll: {}",
                    Epoll.unavailabilityCause().toString());
            return false;
        }
        // sd_notify(3): '@' stands for the NUL byte that starts an abstract-namespace name.
        String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            ChannelFuture registered = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    // Unbound and unconnected: active at once, so each write names its own recipient.
                    .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
                    .handler(new ChannelInboundHandlerAdapter())
                    .register();
            if (!done(registered, socket)) {
                return false;
            }
            Channel channel = registered.channel();
            try {
                return done(channel.writeAndFlush(new DomainDatagramPacket(
                        Unpooled.copiedBuffer(state, StandardCharsets.UTF_8), new DomainSocketAddress(path))), socket);
            } finally {
                channel.close().awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot notify systemd on {}: {}", socket, e.toString());
            return false;
        } finally {
            group.shutdownGracefully(0, TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Waits (bounded: never holds up a start or a stop) and logs a failure. */
    private static boolean done(ChannelFuture future, String socket) {
        if (future.awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS) && future.isSuccess()) {
            return true;
        }
        LOG.warn("cannot notify systemd on {}: {}", socket,
                future.cause() == null ? "no answer within " + TIMEOUT_SECONDS + " s" : future.cause().toString());
        return false;
    }
}
