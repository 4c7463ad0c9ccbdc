package org.mailserver.core.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The idle timer of a connection, placed after the protocol's decoder so that only decoded input
 * counts as the client's activity: a whole command line, a chunk of message data, a literal's octets
 * ({@link #progress(Channel)}). Raw octets do not: a client trickling a command one byte at a time
 * and never ending it (slowloris) is timed out {@code timeout} after its last whole command, as
 * RFC 5321 4.5.3.2.7 and RFC 3501 5.4 time the wait for the next command, and a line over the limit
 * that is being skipped to its end does not keep the connection open either.
 *
 * <p>Writes that complete count too, as with {@link IdleStateHandler}'s all-idle timer: a session that
 * writes untagged updates (IMAP IDLE) stays open, and one whose client does not read times out.
 * Fires an {@link IdleStateEvent} to the session handler after it; methods run on the event loop.
 */
public final class CommandIdleHandler extends IdleStateHandler {

    public CommandIdleHandler(long timeoutMillis) {
        super(0, 0, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Counts as the client's activity now: for a decoder that consumes input it does not emit at once,
     * a literal being received. Call it on the channel's event loop; no-op without this handler.
     */
    public static void progress(Channel channel) {
        CommandIdleHandler idle = channel.pipeline().get(CommandIdleHandler.class);
        if (idle != null) {
            idle.resetReadTimeout();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        // not super: it would count from the end of the socket read, which a message emitted while
        // the decoder resumes outside any read never reaches, and the timer would never run out
        resetReadTimeout();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.fireChannelReadComplete();
    }
}
