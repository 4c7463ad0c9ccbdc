package org.mailserver.core.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailserver.core.log.MailLog;
import org.mailserver.core.metrics.Metrics;
import org.mailserver.core.metrics.ProtocolMetrics;

/**
 * Caps connections on one listener, in total and per client address. A refused client gets the
 * protocol's "too many connections" line (in plaintext listeners) and is disconnected before any
 * other handler sees it. The first handler of every pipeline, so also the one place every
 * connection of every protocol is counted ({@link ProtocolMetrics}).
 */
@Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("connectionLimiter.counted");

    private final ListenerConfig listener;
    private final String protocol;
    private final byte[] refusal;
    private final ProtocolMetrics metrics;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimiter(ListenerConfig listener, Protocol protocol) {
        this(listener, protocol, Metrics.none().protocol(protocol.name()));
    }

    /** As above, counting connections into {@code metrics}. */
    public ConnectionLimiter(ListenerConfig listener, Protocol protocol, ProtocolMetrics metrics) {
        this.listener = listener;
        this.metrics = metrics;
        this.protocol = protocol.name();
        this.refusal = listener.implicitTls() ? null
                : (protocol.tooManyConnectionsReply() + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Connections open now on this listener. */
    public int open() {
        return total.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        AtomicInteger mine = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        int fromAddress = mine.incrementAndGet();
        int all = total.incrementAndGet();
        ctx.channel().attr(COUNTED).set(address);
        metrics.connectionOpened();
        if (all > listener.maxConnections() || fromAddress > listener.maxConnectionsPerAddress()) {
            metrics.connectionRefused(all > listener.maxConnections());
            MailLog.session(protocol, "refused", ctx.channel().remoteAddress(),
                    all > listener.maxConnections() ? "reason=too many connections on " + listener.name()
                            : "reason=too many connections from this address");
            if (refusal == null) {
                ctx.close();
            } else {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(refusal)).addListener(ChannelFutureListener.CLOSE);
            }
            return; // the protocol's handlers never see this connection
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = ctx.channel().attr(COUNTED).getAndSet(null);
        if (address != null) {
            total.decrementAndGet();
            metrics.connectionClosed();
            perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
        ctx.fireChannelInactive();
    }
}
