package org.mailserver.daemon;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import org.mailserver.core.log.MailLog;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.Protocol;

/**
 * A configured IMAP listener before IMAP is served (its own issue): it greets with BYE and closes,
 * which RFC 3501 7.1.5 allows as a greeting, instead of leaving the port dead. See decision record 4.
 */
final class NotYetServed implements Protocol {

    static NotYetServed imap() {
        return new NotYetServed();
    }

    @Override
    public String name() {
        return "imap";
    }

    @Override
    public String tooManyConnectionsReply() {
        return "* BYE too many connections";
    }

    @Override
    public void initChannel(Channel channel, ListenerConfig listener) {
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                MailLog.session("imap", "connect", ctx.channel().remoteAddress(), "refused=not served by this version");
                ctx.writeAndFlush(Unpooled.copiedBuffer("* BYE IMAP service is not available in this version\r\n",
                        StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                io.netty.util.ReferenceCountUtil.release(msg); // whatever arrives before the close
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                ctx.close(); // idle timeout or shutdown: nothing is in progress here
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });
    }
}
