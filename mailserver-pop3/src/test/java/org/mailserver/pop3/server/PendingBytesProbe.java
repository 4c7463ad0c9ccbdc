package org.mailserver.pop3.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.AtomicLong;

/** Records the largest number of bytes queued for the socket, to show that streaming respects back-pressure. */
final class PendingBytesProbe extends ChannelOutboundHandlerAdapter {
    private final AtomicLong max;
    private final AtomicLong writes;

    PendingBytesProbe(AtomicLong max, AtomicLong writes) {
        this.max = max;
        this.writes = writes;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        writes.incrementAndGet();
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        if (buffer != null) {
            max.accumulateAndGet(buffer.totalPendingWriteBytes(), Math::max);
        }
    }
}
