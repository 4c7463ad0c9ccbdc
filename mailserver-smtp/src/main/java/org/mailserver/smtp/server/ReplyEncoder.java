package org.mailserver.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.mailserver.smtp.grammar.Reply;
import org.mailserver.smtp.grammar.ReplyFormatter;

/** Writes {@link Reply} objects as RFC 5321 4.2 reply lines. Stateless, shared by all channels. */
@ChannelHandler.Sharable
public final class ReplyEncoder extends MessageToByteEncoder<Reply> {
    public static final ReplyEncoder INSTANCE = new ReplyEncoder();

    private ReplyEncoder() {
        super(Reply.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Reply reply, ByteBuf out) {
        out.writeBytes(ReplyFormatter.bytes(reply));
    }
}
