package org.mailserver.daemon;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import org.mailserver.core.log.MailLog;
import org.mailserver.core.transport.LineDecoder;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.Protocol;

/**
 * A configured listener whose protocol this build does not serve yet (SMTP and IMAP come in later
 * issues). It answers the way each protocol says "no service here" instead of leaving the port dead:
 * SMTP with a 554 greeting and 503 to everything but QUIT (RFC 5321 3.1: the server must then wait
 * for QUIT), IMAP with a BYE greeting (RFC 3501 7.1.5).
 */
final class NotYetServed implements Protocol {
    private final String name;
    private final boolean smtp;
    private final String hostname;

    private NotYetServed(String name, boolean smtp, String hostname) {
        this.name = name;
        this.smtp = smtp;
        this.hostname = hostname;
    }

    static NotYetServed smtp(String hostname) {
        return new NotYetServed("smtp", true, hostname);
    }

    static NotYetServed imap(String hostname) {
        return new NotYetServed("imap", false, hostname);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String tooManyConnectionsReply() {
        return smtp ? "421 4.7.0 " + hostname + " too many connections" : "* BYE too many connections";
    }

    @Override
    public void initChannel(Channel channel, ListenerConfig listener) {
        channel.pipeline().addLast(new LineDecoder(listener.maxLineLength()), new Handler());
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            MailLog.session(name, "connect", ctx.channel().remoteAddress(), "refused=not served by this version");
            if (smtp) {
                write(ctx, "554 5.3.2 " + hostname + " SMTP service is not available in this version");
            } else {
                ctx.writeAndFlush(bytes("* BYE IMAP service is not available in this version"))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object line) {
            if (line instanceof String s && s.trim().equalsIgnoreCase("QUIT")) {
                ctx.writeAndFlush(bytes("221 2.0.0 " + hostname + " closing connection"))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                write(ctx, "503 5.5.1 no SMTP service here: only QUIT is accepted");
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            ctx.close(); // idle timeout or shutdown: nothing is in progress here
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void write(ChannelHandlerContext ctx, String line) {
            ctx.writeAndFlush(bytes(line));
        }
    }

    private static io.netty.buffer.ByteBuf bytes(String line) {
        return Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.US_ASCII);
    }
}
