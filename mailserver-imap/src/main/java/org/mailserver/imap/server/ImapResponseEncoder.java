package org.mailserver.imap.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes response text ({@link CharSequence}) as UTF-8; whoever builds a literal counts its octets in
 * UTF-8. Message contents are written as {@link ByteBuf}s and pass through untouched.
 */
@ChannelHandler.Sharable
final class ImapResponseEncoder extends MessageToByteEncoder<CharSequence> {
    static final ImapResponseEncoder INSTANCE = new ImapResponseEncoder();

    private ImapResponseEncoder() {
        super(CharSequence.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, CharSequence text, ByteBuf out) {
        ByteBufUtil.writeUtf8(out, text);
    }
}
