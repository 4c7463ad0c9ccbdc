package org.mailserver.pop3.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.mailserver.pop3.grammar.Pop3Reply;

/**
 * Writes {@link Pop3Reply} objects as UTF-8 (replies are ASCII except for echoed text). Message
 * bodies of RETR and TOP are written as {@link ByteBuf}s and pass through untouched.
 */
@ChannelHandler.Sharable
final class Pop3ReplyEncoder extends MessageToByteEncoder<Pop3Reply> {
    static final Pop3ReplyEncoder INSTANCE = new Pop3ReplyEncoder();

    private Pop3ReplyEncoder() {
        super(Pop3Reply.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Pop3Reply reply, ByteBuf out) {
        ByteBufUtil.writeUtf8(out, reply.encode());
    }
}
